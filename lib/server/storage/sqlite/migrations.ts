import type { EngineMigrations } from '../schema-versions';

/**
 * The SQLite schema, one migration per entry of `SCHEMA_VERSIONS` (the same versions as
 * PostgreSQL, in SQLite's dialect), applied by `migrate()`. Append; never edit a released one.
 */
export const MIGRATIONS: EngineMigrations = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE users (
    identity TEXT PRIMARY KEY,
    friendly_name TEXT,
    attributes TEXT NOT NULL,
    date_created INTEGER NOT NULL,
    date_updated INTEGER NOT NULL
  );

  CREATE TABLE conversations (
    sid TEXT PRIMARY KEY,
    unique_name TEXT UNIQUE,
    friendly_name TEXT,
    attributes TEXT NOT NULL,
    created_by TEXT NOT NULL,
    is_private INTEGER NOT NULL,
    date_created INTEGER NOT NULL,
    date_updated INTEGER NOT NULL,
    state TEXT NOT NULL,
    state_updated INTEGER NOT NULL,
    last_message TEXT,
    messages_count INTEGER NOT NULL,
    participants_count INTEGER NOT NULL,
    next_message_index INTEGER NOT NULL,
    last_activity INTEGER NOT NULL
  );

  CREATE TABLE participants (
    sid TEXT PRIMARY KEY,
    conversation_sid TEXT NOT NULL,
    identity TEXT NOT NULL,
    type TEXT NOT NULL,
    role TEXT NOT NULL,
    attributes TEXT NOT NULL,
    date_created INTEGER NOT NULL,
    date_updated INTEGER NOT NULL,
    last_read_index INTEGER,
    last_read_timestamp INTEGER,
    last_delivered_index INTEGER,
    notification_level TEXT NOT NULL,
    UNIQUE (conversation_sid, identity)
  );
  CREATE INDEX participants_by_identity ON participants (identity);

  CREATE TABLE messages (
    sid TEXT PRIMARY KEY,
    conversation_sid TEXT NOT NULL,
    idx INTEGER NOT NULL,
    author TEXT,
    participant_sid TEXT,
    body TEXT,
    attributes TEXT NOT NULL,
    type TEXT NOT NULL,
    media TEXT NOT NULL,
    content_sid TEXT,
    date_created INTEGER NOT NULL,
    date_updated INTEGER NOT NULL,
    last_updated_by TEXT,
    key TEXT,
    UNIQUE (conversation_sid, idx)
  );
  CREATE UNIQUE INDEX messages_by_key ON messages (conversation_sid, author, key) WHERE key IS NOT NULL;

  CREATE TABLE memberships (
    conversation_sid TEXT NOT NULL,
    identity TEXT NOT NULL,
    joined_seq INTEGER NOT NULL,
    left_seq INTEGER,
    PRIMARY KEY (identity, conversation_sid, joined_seq)
  );
  CREATE INDEX memberships_open ON memberships (conversation_sid) WHERE left_seq IS NULL;

  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    conversation_sid TEXT,
    target_identity TEXT,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX events_by_conversation ON events (conversation_sid, seq) WHERE conversation_sid IS NOT NULL;
  CREATE INDEX events_by_target ON events (target_identity, seq) WHERE target_identity IS NOT NULL;
  CREATE INDEX events_by_time ON events (created_at);

  CREATE TABLE push_registrations (
    identity TEXT NOT NULL,
    channel_type TEXT NOT NULL,
    registration_id TEXT NOT NULL,
    date_created INTEGER NOT NULL,
    PRIMARY KEY (identity, channel_type, registration_id)
  );
  `,
  // a user's conversation list sorts on these two columns only
  `
  CREATE INDEX participants_by_identity_conversation ON participants (identity, conversation_sid);
  CREATE INDEX conversations_activity ON conversations (sid, last_activity);
  `,
  // media, content templates, delivery times, message content variables
  `
  CREATE TABLE media (
    sid TEXT PRIMARY KEY,
    identity TEXT NOT NULL,
    filename TEXT,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    category TEXT NOT NULL,
    conversation_sid TEXT,
    message_sid TEXT,
    date_created INTEGER NOT NULL
  );
  CREATE INDEX media_by_message ON media (message_sid) WHERE message_sid IS NOT NULL;
  CREATE INDEX media_by_conversation ON media (conversation_sid) WHERE conversation_sid IS NOT NULL;
  CREATE INDEX media_unattached ON media (date_created) WHERE message_sid IS NULL;

  CREATE TABLE templates (
    sid TEXT PRIMARY KEY,
    friendly_name TEXT NOT NULL,
    variables TEXT NOT NULL,
    variants TEXT NOT NULL,
    date_created INTEGER NOT NULL,
    date_updated INTEGER NOT NULL
  );

  ALTER TABLE participants ADD COLUMN last_delivered_timestamp INTEGER;
  ALTER TABLE messages ADD COLUMN content_variables TEXT;
  `,
  // API keys, roles and users' service roles, webhooks, the webhook outbox and its delivery log
  `
  CREATE TABLE roles (
    sid TEXT PRIMARY KEY,
    friendly_name TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    permissions TEXT NOT NULL,
    date_created INTEGER NOT NULL,
    date_updated INTEGER NOT NULL
  );
  ALTER TABLE users ADD COLUMN role TEXT;

  CREATE TABLE api_keys (
    sid TEXT PRIMARY KEY,
    friendly_name TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    date_created INTEGER NOT NULL
  );

  CREATE TABLE webhooks (
    sid TEXT PRIMARY KEY,
    conversation_sid TEXT,
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    method TEXT NOT NULL,
    filters TEXT NOT NULL,
    failure_policy TEXT NOT NULL,
    timeout_ms INTEGER NOT NULL,
    date_created INTEGER NOT NULL,
    date_updated INTEGER NOT NULL
  );
  CREATE INDEX webhooks_by_conversation ON webhooks (conversation_sid);

  CREATE TABLE webhook_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL,
    webhook_sid TEXT NOT NULL,
    url TEXT NOT NULL,
    method TEXT NOT NULL,
    ordering_key TEXT NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT
  );
  CREATE INDEX webhook_outbox_by_key ON webhook_outbox (ordering_key, id);
  CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at);

  CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL,
    webhook_sid TEXT NOT NULL,
    event_type TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    status INTEGER,
    error TEXT,
    duration_ms INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_sid, id);
  CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (created_at);
  `,
  // the full-text index holds no copy of the bodies (external content: the messages table) and no
  // positions (detail=none: words and prefixes, no phrases), and follows the messages table by its
  // rowid through triggers, in the transaction of each change. A VACUUM may renumber the rowids of
  // a table without an INTEGER PRIMARY KEY: after one, rebuild the index
  // (INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')).
  `
  ALTER TABLE messages ADD COLUMN reactions TEXT;
  ALTER TABLE messages ADD COLUMN reply_to TEXT;
  ALTER TABLE messages ADD COLUMN mentions TEXT;

  CREATE TABLE reactions (
    message_sid TEXT NOT NULL,
    conversation_sid TEXT NOT NULL,
    identity TEXT NOT NULL,
    key TEXT NOT NULL,
    date_created INTEGER NOT NULL,
    PRIMARY KEY (message_sid, identity, key)
  );
  CREATE INDEX reactions_by_conversation ON reactions (conversation_sid);

  CREATE TABLE mentions (
    identity TEXT NOT NULL,
    conversation_sid TEXT NOT NULL,
    idx INTEGER NOT NULL,
    message_sid TEXT NOT NULL,
    PRIMARY KEY (identity, conversation_sid, idx)
  );
  CREATE INDEX mentions_by_message ON mentions (message_sid);
  CREATE INDEX mentions_by_conversation ON mentions (conversation_sid);

  CREATE VIRTUAL TABLE messages_fts USING fts5(
    body, content = 'messages', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2', detail = 'none'
  );
  INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
  CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.body IS NOT NULL BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (new.rowid, new.body);
  END;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.body IS NOT NULL BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
  END;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages WHEN old.body IS NOT new.body BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body)
      SELECT 'delete', old.rowid, old.body WHERE old.body IS NOT NULL;
    INSERT INTO messages_fts (rowid, body) SELECT new.rowid, new.body WHERE new.body IS NOT NULL;
  END;
  `,
  // SQLite numbers events as it appends them (one transaction at a time): nothing changes
  `SELECT 1`,
  // the triggers queue the full-text index's changes, applied once per commit (sqlite/search-index.ts:
  // FTS5 writes a segment at every savepoint, and group commit opens one per transaction); a reply's
  // parent found by its sid, to keep the replies' previews current
  `
  CREATE TABLE messages_fts_queue (
    seq INTEGER PRIMARY KEY,
    command TEXT,
    message_rowid INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  DROP TRIGGER messages_fts_insert;
  DROP TRIGGER messages_fts_delete;
  DROP TRIGGER messages_fts_update;
  CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.body IS NOT NULL BEGIN
    INSERT INTO messages_fts_queue (command, message_rowid, body) VALUES (NULL, new.rowid, new.body);
  END;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.body IS NOT NULL BEGIN
    INSERT INTO messages_fts_queue (command, message_rowid, body) VALUES ('delete', old.rowid, old.body);
  END;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages WHEN old.body IS NOT new.body BEGIN
    INSERT INTO messages_fts_queue (command, message_rowid, body)
      SELECT 'delete', old.rowid, old.body WHERE old.body IS NOT NULL;
    INSERT INTO messages_fts_queue (command, message_rowid, body)
      SELECT NULL, new.rowid, new.body WHERE new.body IS NOT NULL;
  END;
  CREATE INDEX messages_replies ON messages (conversation_sid, json_extract(reply_to, '$.sid'))
    WHERE reply_to IS NOT NULL;
  `
];

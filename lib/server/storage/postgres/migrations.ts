import type { EngineMigrations } from '../schema-versions';

/**
 * The PostgreSQL schema, one migration per entry of `SCHEMA_VERSIONS` (the same versions as
 * SQLite, in PostgreSQL's dialect), applied by `migrate()`.
 *
 * Differences from SQLite: times and seqs are BIGINT; keys compare byte-wise (`COLLATE "C"`,
 * as SQLite does); the event log's head lives in the one-row `event_log`; since the migration
 * "events numbered once committed", events are appended without a seq and numbered once
 * committed (see `log-numbering.ts` and docs/scaling.md).
 */
export const POSTGRES_MIGRATIONS: EngineMigrations = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE event_log (
    id BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    head BIGINT NOT NULL
  );
  INSERT INTO event_log (head) VALUES (0);

  CREATE TABLE users (
    identity TEXT COLLATE "C" PRIMARY KEY,
    friendly_name TEXT,
    attributes TEXT NOT NULL,
    date_created BIGINT NOT NULL,
    date_updated BIGINT NOT NULL
  );

  CREATE TABLE conversations (
    sid TEXT COLLATE "C" PRIMARY KEY,
    unique_name TEXT COLLATE "C" UNIQUE,
    friendly_name TEXT,
    attributes TEXT NOT NULL,
    created_by TEXT NOT NULL,
    is_private INTEGER NOT NULL,
    date_created BIGINT NOT NULL,
    date_updated BIGINT NOT NULL,
    state TEXT NOT NULL,
    state_updated BIGINT NOT NULL,
    last_message TEXT,
    messages_count INTEGER NOT NULL,
    participants_count INTEGER NOT NULL,
    next_message_index INTEGER NOT NULL,
    last_activity BIGINT NOT NULL
  );

  CREATE TABLE participants (
    sid TEXT COLLATE "C" PRIMARY KEY,
    conversation_sid TEXT COLLATE "C" NOT NULL,
    identity TEXT COLLATE "C" NOT NULL,
    type TEXT NOT NULL,
    role TEXT NOT NULL,
    attributes TEXT NOT NULL,
    date_created BIGINT NOT NULL,
    date_updated BIGINT NOT NULL,
    last_read_index INTEGER,
    last_read_timestamp BIGINT,
    last_delivered_index INTEGER,
    notification_level TEXT NOT NULL,
    UNIQUE (conversation_sid, identity)
  );
  CREATE INDEX participants_by_identity ON participants (identity);

  CREATE TABLE messages (
    sid TEXT COLLATE "C" PRIMARY KEY,
    conversation_sid TEXT COLLATE "C" NOT NULL,
    idx INTEGER NOT NULL,
    author TEXT COLLATE "C",
    participant_sid TEXT,
    body TEXT,
    attributes TEXT NOT NULL,
    type TEXT NOT NULL,
    media TEXT NOT NULL,
    content_sid TEXT,
    date_created BIGINT NOT NULL,
    date_updated BIGINT NOT NULL,
    last_updated_by TEXT,
    key TEXT COLLATE "C",
    UNIQUE (conversation_sid, idx)
  );
  CREATE UNIQUE INDEX messages_by_key ON messages (conversation_sid, author, key) WHERE key IS NOT NULL;

  CREATE TABLE memberships (
    conversation_sid TEXT COLLATE "C" NOT NULL,
    identity TEXT COLLATE "C" NOT NULL,
    joined_seq BIGINT NOT NULL,
    left_seq BIGINT,
    PRIMARY KEY (identity, conversation_sid, joined_seq)
  );
  CREATE INDEX memberships_open ON memberships (conversation_sid) WHERE left_seq IS NULL;

  CREATE TABLE events (
    seq BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    conversation_sid TEXT COLLATE "C",
    target_identity TEXT COLLATE "C",
    data TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX events_by_conversation ON events (conversation_sid, seq) WHERE conversation_sid IS NOT NULL;
  CREATE INDEX events_by_target ON events (target_identity, seq) WHERE target_identity IS NOT NULL;
  CREATE INDEX events_by_time ON events (created_at);

  CREATE TABLE push_registrations (
    identity TEXT COLLATE "C" NOT NULL,
    channel_type TEXT NOT NULL,
    registration_id TEXT COLLATE "C" NOT NULL,
    date_created BIGINT NOT NULL,
    PRIMARY KEY (identity, channel_type, registration_id)
  );
  `,
  `
  CREATE INDEX participants_by_identity_conversation ON participants (identity, conversation_sid);
  CREATE INDEX conversations_activity ON conversations (sid, last_activity);
  `,
  `
  CREATE TABLE media (
    sid TEXT COLLATE "C" PRIMARY KEY,
    identity TEXT COLLATE "C" NOT NULL,
    filename TEXT,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    category TEXT NOT NULL,
    conversation_sid TEXT COLLATE "C",
    message_sid TEXT COLLATE "C",
    date_created BIGINT NOT NULL
  );
  CREATE INDEX media_by_message ON media (message_sid) WHERE message_sid IS NOT NULL;
  CREATE INDEX media_by_conversation ON media (conversation_sid) WHERE conversation_sid IS NOT NULL;
  CREATE INDEX media_unattached ON media (date_created) WHERE message_sid IS NULL;

  CREATE TABLE templates (
    sid TEXT COLLATE "C" PRIMARY KEY,
    friendly_name TEXT NOT NULL,
    variables TEXT NOT NULL,
    variants TEXT NOT NULL,
    date_created BIGINT NOT NULL,
    date_updated BIGINT NOT NULL
  );

  ALTER TABLE participants ADD COLUMN last_delivered_timestamp BIGINT;
  ALTER TABLE messages ADD COLUMN content_variables TEXT;
  `,
  // API keys, roles and users' service roles, webhooks, the webhook outbox and its delivery log
  `
  CREATE TABLE roles (
    sid TEXT COLLATE "C" PRIMARY KEY,
    friendly_name TEXT COLLATE "C" NOT NULL UNIQUE,
    type TEXT NOT NULL,
    permissions TEXT NOT NULL,
    date_created BIGINT NOT NULL,
    date_updated BIGINT NOT NULL
  );
  ALTER TABLE users ADD COLUMN role TEXT;

  CREATE TABLE api_keys (
    sid TEXT COLLATE "C" PRIMARY KEY,
    friendly_name TEXT NOT NULL,
    secret_hash TEXT COLLATE "C" NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    date_created BIGINT NOT NULL
  );

  CREATE TABLE webhooks (
    sid TEXT COLLATE "C" PRIMARY KEY,
    conversation_sid TEXT COLLATE "C",
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    method TEXT NOT NULL,
    filters TEXT NOT NULL,
    failure_policy TEXT NOT NULL,
    timeout_ms INTEGER NOT NULL,
    date_created BIGINT NOT NULL,
    date_updated BIGINT NOT NULL
  );
  CREATE INDEX webhooks_by_conversation ON webhooks (conversation_sid);

  CREATE TABLE webhook_outbox (
    id BIGSERIAL PRIMARY KEY,
    message_id TEXT NOT NULL,
    webhook_sid TEXT NOT NULL,
    url TEXT NOT NULL,
    method TEXT NOT NULL,
    ordering_key TEXT COLLATE "C" NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_until BIGINT NOT NULL DEFAULT 0,
    lease_owner TEXT
  );
  CREATE INDEX webhook_outbox_by_key ON webhook_outbox (ordering_key, id);
  CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at);

  CREATE TABLE webhook_deliveries (
    id BIGSERIAL PRIMARY KEY,
    message_id TEXT NOT NULL,
    webhook_sid TEXT COLLATE "C" NOT NULL,
    event_type TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    status INTEGER,
    error TEXT,
    duration_ms INTEGER NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_sid, id);
  CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (created_at);
  `,
  // the full-text index: a generated tsvector of the body ('simple': no stemming, no stop words, as
  // SQLite's unicode61), kept in step by PostgreSQL itself, under a GIN index
  `
  ALTER TABLE messages ADD COLUMN reactions TEXT;
  ALTER TABLE messages ADD COLUMN reply_to TEXT;
  ALTER TABLE messages ADD COLUMN mentions TEXT;
  ALTER TABLE messages ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', coalesce(body, ''))) STORED;
  CREATE INDEX messages_search ON messages USING GIN (search);

  CREATE TABLE reactions (
    message_sid TEXT COLLATE "C" NOT NULL,
    conversation_sid TEXT COLLATE "C" NOT NULL,
    identity TEXT COLLATE "C" NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    date_created BIGINT NOT NULL,
    PRIMARY KEY (message_sid, identity, key)
  );
  CREATE INDEX reactions_by_conversation ON reactions (conversation_sid);

  CREATE TABLE mentions (
    identity TEXT COLLATE "C" NOT NULL,
    conversation_sid TEXT COLLATE "C" NOT NULL,
    idx INTEGER NOT NULL,
    message_sid TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (identity, conversation_sid, idx)
  );
  CREATE INDEX mentions_by_message ON mentions (message_sid);
  CREATE INDEX mentions_by_conversation ON mentions (conversation_sid);
  `,
  // events numbered once committed: writers append with a provisional id (a sequence, taken under
  // the locks of the rows they change) and no seq; log-numbering.ts gives committed events their
  // seqs, in id order, a batch at a time, one numbering at a time (an advisory lock). Events
  // logged before keep their seq as their id.
  `
  ALTER TABLE events ADD COLUMN id BIGINT;
  UPDATE events SET id = seq;
  ALTER TABLE events DROP CONSTRAINT events_pkey;
  ALTER TABLE events ALTER COLUMN seq DROP NOT NULL;
  ALTER TABLE events ALTER COLUMN id SET NOT NULL;
  ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (id);
  CREATE UNIQUE INDEX events_by_seq ON events (seq);
  CREATE INDEX events_unnumbered ON events (id) WHERE seq IS NULL;
  CREATE SEQUENCE events_id_seq OWNED BY events.id;
  SELECT setval('events_id_seq', (SELECT head FROM event_log) + 1, false);
  ALTER TABLE events ALTER COLUMN id SET DEFAULT nextval('events_id_seq');
  `,
  // the tsvector column is computed in the row's own statement: nothing to queue; replies found by their parent's sid
  `
  CREATE INDEX messages_replies ON messages (conversation_sid, (reply_to::json ->> 'sid')) WHERE reply_to IS NOT NULL;
  `
];

/**
 * The SQL of the repository, written once for both engines: every statement, with `$1…$n`
 * placeholders (an engine's driver puts in its own), over the columns of columns.ts. What differs
 * between the engines is a {@link Dialect}.
 */
import { COLUMNS, insertSql, prefixed, updateSql } from './columns';

/** The few statements that differ between the engines. */
export interface Dialect {
  /** Answers the newest seq ever appended as `head` (no row, or null: none). */
  readonly head: string;
  /**
   * Appends an event (`$1` name, `$2` conversation_sid, `$3` target_identity, `$4` data, `$5`
   * created_at) and answers `ref`, what names it until it is numbered, and `seq`: its position, one
   * more than any before and never reused, where the engine numbers events as they are appended
   * (SQLite: `ref` is the seq), or null where the engine numbers them once their transaction has
   * committed (PostgreSQL, see `postgres/log-numbering.ts`).
   */
  readonly appendEvent: string;
  /** Ends a read that locks the rows it reads until the transaction ends ('' where nothing needs locking). */
  readonly forUpdate: string;
  /** The texts of a JSON array of strings bound as `param` (`$n`), as a one-column subquery. */
  textsOfJson(param: string): string;
  /** The integers of a JSON array of integers bound as `param` (`$n`), as a one-column subquery. */
  integersOfJson(param: string): string;
  /**
   * Ends a read of the webhook outbox (aliased `o`) that locks the rows it reads until the
   * transaction ends and skips those another transaction holds ('' where one transaction runs at a time).
   */
  readonly forUpdateSkipLocked: string;
  /**
   * The messages (`columns`, of the alias `m`) of the conversations identity `$1` takes part in
   * (only conversation `$3`, unless null) whose body has every word of `$2` (words of letters and
   * digits, space-separated; the last one may be the start of a word), newest first, after the
   * position (`$4`, `$5`; null: from the newest), at most `$6`; each row with its position as
   * `position_a` (an integer) and `position_b` (text or null).
   */
  searchMessages(columns: string): string;
  /** The sid of the message a message answers, from its `reply_to` column (the expression its index is on). */
  readonly replyParentSid: string;
}

const MESSAGES = `SELECT ${COLUMNS.messages.join(', ')} FROM messages`;
const EVENTS = 'SELECT seq, name, conversation_sid, target_identity, data, created_at FROM events';

/**
 * Every statement of the repository, by name, in `dialect`. Parameters are bound `$1…$n`; a
 * parameter that may be null is cast where it is compared with NULL, so that PostgreSQL knows
 * its type.
 */
export function statements(dialect: Dialect) {
  return {
    head: dialect.head,
    prunedThrough: `SELECT value FROM meta WHERE key = 'pruned_through'`,
    setPrunedThrough: `INSERT INTO meta (key, value) VALUES ('pruned_through', $1)
                       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    // the page is chosen on seqs alone (from the indexes, a sort of integers), then only its rows
    // are read: sorting whole rows, JSON data and all, made each page of a replay cost several times more
    eventsVisible: `${EVENTS} WHERE seq IN (
      SELECT e.seq FROM memberships m
        JOIN events e ON e.conversation_sid = m.conversation_sid
          AND e.seq >= m.joined_seq AND (m.left_seq IS NULL OR e.seq <= m.left_seq)
      WHERE m.identity = $1 AND (m.left_seq IS NULL OR m.left_seq > $2)
        AND e.seq > $2 AND e.target_identity IS NULL
      UNION ALL
      SELECT e.seq FROM events e WHERE e.target_identity = $1 AND e.seq > $2
      ORDER BY 1 LIMIT $3
    ) ORDER BY seq`,
    eventsAfter: `${EVENTS} WHERE seq > $1 ORDER BY seq LIMIT $2`,
    appendEvent: dialect.appendEvent,
    lastEventBefore: `SELECT MAX(seq) AS seq FROM events WHERE created_at < $1`,
    pruneEvents: `DELETE FROM events WHERE seq <= $1`,
    pruneMemberships: `DELETE FROM memberships WHERE left_seq IS NOT NULL AND left_seq <= $1`,

    getConversation: `SELECT * FROM conversations WHERE sid = $1`,
    lockConversation: `SELECT * FROM conversations WHERE sid = $1${dialect.forUpdate}`,
    getConversationByUniqueName: `SELECT * FROM conversations WHERE unique_name = $1`,
    // a page of every conversation after (activity $1, sid $2; null for the first page), latest activity first
    listConversations: `SELECT * FROM conversations
                        WHERE CAST($1 AS BIGINT) IS NULL OR last_activity < CAST($1 AS BIGINT)
                          OR (last_activity = CAST($1 AS BIGINT) AND sid < CAST($2 AS TEXT))
                        ORDER BY last_activity DESC, sid DESC LIMIT $3`,
    insertConversation: insertSql('conversations'),
    updateConversation: updateSql('conversations'),
    deleteConversation: `DELETE FROM conversations WHERE sid = $1`,
    deleteConversationParticipants: `DELETE FROM participants WHERE conversation_sid = $1`,
    deleteConversationMessages: `DELETE FROM messages WHERE conversation_sid = $1`,
    deleteConversationWebhooks: `DELETE FROM webhooks WHERE conversation_sid = $1`,
    deleteConversationReactions: `DELETE FROM reactions WHERE conversation_sid = $1`,
    deleteConversationMentions: `DELETE FROM mentions WHERE conversation_sid = $1`,

    getParticipant: `SELECT * FROM participants WHERE conversation_sid = $1 AND identity = $2`,
    getParticipantBySid: `SELECT * FROM participants WHERE conversation_sid = $1 AND sid = $2`,
    listParticipants: `SELECT * FROM participants WHERE conversation_sid = $1 ORDER BY date_created, sid`,
    // memberships follow the log (memberships.ts): those open in a snapshot are as of its head
    conversationSidsOf: `SELECT conversation_sid FROM memberships WHERE identity = $1 AND left_seq IS NULL`,
    // the rosters of those of the conversations in the JSON array $2 that identity $1 is in
    rostersOf: `
      SELECT p.* FROM participants p
      WHERE p.conversation_sid IN (${dialect.textsOfJson('$2')})
        AND EXISTS (SELECT 1 FROM participants me WHERE me.conversation_sid = p.conversation_sid AND me.identity = $1)
      ORDER BY p.conversation_sid, p.date_created, p.sid`,
    // a page of identity $1's conversations after (activity $2, sid $3; null for the first page),
    // latest activity first: the page is chosen on keys only (a covering index, a small sort), then
    // its rows are read and unread counts computed for them alone
    userConversations: `
      WITH page AS (
        SELECT c.sid AS sid, c.last_activity AS activity, p.sid AS participant_sid
        FROM participants p JOIN conversations c ON c.sid = p.conversation_sid
        WHERE p.identity = $1
          AND (CAST($2 AS BIGINT) IS NULL OR c.last_activity < CAST($2 AS BIGINT)
            OR (c.last_activity = CAST($2 AS BIGINT) AND c.sid < CAST($3 AS TEXT)))
        ORDER BY c.last_activity DESC, c.sid DESC
        LIMIT $4
      )
      SELECT ${prefixed('conversations', 'c')}, ${prefixed('participants', 'p')},
             CASE WHEN p.last_read_index IS NULL THEN NULL
                  ELSE (SELECT COUNT(*) FROM messages m WHERE m.conversation_sid = c.sid AND m.idx > p.last_read_index)
             END AS unread,
             (SELECT COUNT(*) FROM mentions x WHERE x.identity = p.identity AND x.conversation_sid = c.sid
                AND x.idx > COALESCE(p.last_read_index, -1)) AS mention_count
      FROM page
        JOIN conversations c ON c.sid = page.sid
        JOIN participants p ON p.sid = page.participant_sid
      ORDER BY page.activity DESC, page.sid DESC`,
    insertParticipant: insertSql('participants'),
    updateParticipant: updateSql('participants'),
    deleteParticipant: `DELETE FROM participants WHERE sid = $1`,
    openMembership: `INSERT INTO memberships (conversation_sid, identity, joined_seq) VALUES ($1, $2, $3)`,
    closeMembership: `UPDATE memberships SET left_seq = $1
                      WHERE conversation_sid = $2 AND identity = $3 AND left_seq IS NULL`,
    closeAllMemberships: `UPDATE memberships SET left_seq = $1 WHERE conversation_sid = $2 AND left_seq IS NULL`,

    getMessage: `${MESSAGES} WHERE conversation_sid = $1 AND sid = $2`,
    getMessageByKey: `${MESSAGES} WHERE conversation_sid = $1 AND author = $2 AND key = $3`,
    messagesDescending: `${MESSAGES} WHERE conversation_sid = $1
                         AND (CAST($2 AS INTEGER) IS NULL OR idx <= CAST($2 AS INTEGER))
                         ORDER BY idx DESC LIMIT $3`,
    messagesAscending: `${MESSAGES} WHERE conversation_sid = $1
                        AND (CAST($2 AS INTEGER) IS NULL OR idx >= CAST($2 AS INTEGER))
                        ORDER BY idx ASC LIMIT $3`,
    hasMessageBefore: `SELECT 1 AS found FROM messages WHERE conversation_sid = $1 AND idx < $2 LIMIT 1`,
    hasMessageAfter: `SELECT 1 AS found FROM messages WHERE conversation_sid = $1 AND idx > $2 LIMIT 1`,
    countMessagesAfter: `SELECT COUNT(*) AS n FROM messages WHERE conversation_sid = $1 AND idx > $2`,
    lastMessage: `${MESSAGES} WHERE conversation_sid = $1 ORDER BY idx DESC LIMIT 1`,
    insertMessage: insertSql('messages'),
    updateMessage: updateSql('messages'),
    deleteMessage: `DELETE FROM messages WHERE sid = $1`,
    updateReplyPreviews: `UPDATE messages SET reply_to = $3
                          WHERE conversation_sid = $1 AND reply_to IS NOT NULL AND ${dialect.replyParentSid} = $2`,

    // reactions: one row per (message, identity, key); the message keeps their summary (`reactions`)
    addReaction: `INSERT INTO reactions (message_sid, conversation_sid, identity, key, date_created)
                  VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    removeReaction: `DELETE FROM reactions WHERE message_sid = $1 AND identity = $2 AND key = $3`,
    countReactionsBy: `SELECT COUNT(*) AS n FROM reactions WHERE message_sid = $1 AND identity = $2`,
    reactionsOf: `SELECT identity, key FROM reactions WHERE message_sid = $1 ORDER BY date_created, key, identity`,
    // the keys identity $1 reacted with on the messages in the JSON array $2
    myReactions: `SELECT message_sid, key FROM reactions
                  WHERE identity = $1 AND message_sid IN (${dialect.textsOfJson('$2')})
                  ORDER BY date_created, key`,
    setMessageReactions: `UPDATE messages SET reactions = $2 WHERE sid = $1`,
    deleteMessageReactions: `DELETE FROM reactions WHERE message_sid = $1`,

    // mentions: one row per identity mentioned, for counting those past a read horizon
    insertMention: `INSERT INTO mentions (identity, conversation_sid, idx, message_sid) VALUES ($1, $2, $3, $4)
                    ON CONFLICT DO NOTHING`,
    deleteMessageMentions: `DELETE FROM mentions WHERE message_sid = $1`,
    countMentionsAfter: `SELECT COUNT(*) AS n FROM mentions WHERE identity = $1 AND conversation_sid = $2 AND idx > $3`,

    searchMessages: dialect.searchMessages(COLUMNS.messages.map((c) => `m.${c}`).join(', ')),

    getUser: `SELECT * FROM users WHERE identity = $1`,
    lockUser: `SELECT * FROM users WHERE identity = $1${dialect.forUpdate}`,
    ensureUser: `${insertSql('users')} ON CONFLICT (identity) DO NOTHING`,
    updateUser: updateSql('users'),

    hasPush: `SELECT 1 AS found FROM push_registrations WHERE identity = $1 LIMIT 1`,
    addPush: `INSERT INTO push_registrations (identity, channel_type, registration_id, date_created)
              VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    removePush: `DELETE FROM push_registrations
                 WHERE identity = $1 AND channel_type = $2
                   AND (CAST($3 AS TEXT) IS NULL OR registration_id = CAST($3 AS TEXT))`,
    pushOf: `SELECT identity, channel_type, registration_id FROM push_registrations
             WHERE identity = $1 ORDER BY date_created`,
    pushIn: `SELECT r.identity, r.channel_type, r.registration_id FROM participants p
             JOIN push_registrations r ON r.identity = p.identity
             WHERE p.conversation_sid = $1 AND p.notification_level = 'default'
               AND (CAST($2 AS TEXT) IS NULL OR p.identity <> CAST($2 AS TEXT))
             ORDER BY p.identity, r.date_created`,

    getMedia: `SELECT * FROM media WHERE sid = $1`,
    lockMedia: `SELECT * FROM media WHERE sid = $1${dialect.forUpdate}`,
    insertMedia: insertSql('media'),
    attachMedia: `UPDATE media SET conversation_sid = $1, message_sid = $2 WHERE sid = $3`,
    deleteMediaOfMessage: `DELETE FROM media WHERE message_sid = $1 RETURNING *`,
    deleteMediaOfConversation: `DELETE FROM media WHERE conversation_sid = $1 RETURNING *`,
    deleteMediaUnattached: `DELETE FROM media WHERE message_sid IS NULL AND date_created < $1 RETURNING *`,

    listTemplates: `SELECT * FROM templates ORDER BY date_created, sid`,
    getTemplate: `SELECT * FROM templates WHERE sid = $1`,
    insertTemplate: insertSql('templates'),
    deleteTemplate: `DELETE FROM templates WHERE sid = $1`,

    getRole: `SELECT * FROM roles WHERE friendly_name = $1`,
    getRoles: `SELECT * FROM roles WHERE friendly_name IN (${dialect.textsOfJson('$1')})`,
    listRoles: `SELECT * FROM roles ORDER BY date_created, sid`,
    roleInUse: `SELECT 1 AS found FROM participants WHERE role = $1
                UNION ALL SELECT 1 AS found FROM users WHERE role = $1 LIMIT 1`,
    saveRole: `${insertSql('roles')} ON CONFLICT (sid) DO UPDATE SET
               friendly_name = excluded.friendly_name, type = excluded.type,
               permissions = excluded.permissions, date_updated = excluded.date_updated`,
    deleteRole: `DELETE FROM roles WHERE sid = $1`,

    getApiKeyByHash: `SELECT * FROM api_keys WHERE secret_hash = $1`,
    listApiKeys: `SELECT * FROM api_keys ORDER BY date_created, sid`,
    insertApiKey: insertSql('api_keys'),
    deleteApiKey: `DELETE FROM api_keys WHERE sid = $1`,

    getWebhook: `SELECT * FROM webhooks WHERE sid = $1`,
    // the service's webhooks ($1 null) or a conversation's
    listWebhooks: `SELECT * FROM webhooks
                   WHERE conversation_sid = CAST($1 AS TEXT) OR (conversation_sid IS NULL AND CAST($1 AS TEXT) IS NULL)
                   ORDER BY date_created, sid`,
    postWebhooksFor: `SELECT * FROM webhooks
                      WHERE kind = 'post' AND (conversation_sid IS NULL OR conversation_sid = CAST($1 AS TEXT))
                      ORDER BY date_created, sid`,
    saveWebhook: `${insertSql('webhooks')} ON CONFLICT (sid) DO UPDATE SET url = excluded.url, method = excluded.method,
                  filters = excluded.filters, failure_policy = excluded.failure_policy,
                  timeout_ms = excluded.timeout_ms,
                  date_updated = excluded.date_updated`,
    deleteWebhook: `DELETE FROM webhooks WHERE sid = $1`,

    getSetting: `SELECT value FROM meta WHERE key = $1`,
    setSetting: `INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,

    insertOutbox: insertSql('webhook_outbox'),
    // the entries due at $1 that no process holds, each the first (lowest id) of its ordering key, so
    // that the calls of one key go out one after another; at most $2 of them. Where transactions run
    // side by side, the heads stay locked until the transaction ends: a process leasing meanwhile skips them
    dueOutboxHeads: `SELECT o.id, o.ordering_key FROM webhook_outbox o
                     WHERE o.next_attempt_at <= $1 AND o.lease_until <= $1
                       AND o.id = (SELECT MIN(h.id) FROM webhook_outbox h WHERE h.ordering_key = o.ordering_key)
                     ORDER BY o.id LIMIT $2${dialect.forUpdateSkipLocked}`,
    // leases, to owner $2 until $1, the first $4 entries of each ordering key in the JSON array $3
    leaseOutbox: `UPDATE webhook_outbox SET lease_until = $1, lease_owner = $2
                  WHERE id IN (
                    SELECT id FROM (
                      SELECT id, row_number() OVER (PARTITION BY ordering_key ORDER BY id) AS rn
                      FROM webhook_outbox WHERE ordering_key IN (${dialect.textsOfJson('$3')})
                    ) ranked
                    WHERE rn <= $4)
                  RETURNING *`,
    completeOutbox: `DELETE FROM webhook_outbox WHERE id IN (${dialect.integersOfJson('$1')}) AND lease_owner = $2`,
    retryOutbox: `UPDATE webhook_outbox SET attempts = $3, next_attempt_at = $4, lease_until = 0, lease_owner = NULL
                  WHERE id = $1 AND lease_owner = $2`,
    releaseOutbox: `UPDATE webhook_outbox SET lease_until = 0, lease_owner = NULL
                    WHERE id IN (${dialect.integersOfJson('$1')}) AND lease_owner = $2`,
    countOutbox: `SELECT COUNT(*) AS n FROM webhook_outbox`,

    insertDelivery: insertSql('webhook_deliveries'),
    listDeliveries: `SELECT * FROM webhook_deliveries
                     WHERE (CAST($1 AS TEXT) IS NULL OR webhook_sid = CAST($1 AS TEXT))
                       AND (CAST($2 AS BIGINT) IS NULL OR id < CAST($2 AS BIGINT))
                     ORDER BY id DESC LIMIT $3`,
    pruneDeliveries: `DELETE FROM webhook_deliveries WHERE created_at < $1`,

    createSchemaMigrations: `CREATE TABLE IF NOT EXISTS schema_migrations
                             (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`,
    schemaVersion: `SELECT MAX(version) AS version FROM schema_migrations`,
    recordSchemaVersion: `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`
  };
}

/** The repository's statements, by name. */
export type Statements = ReturnType<typeof statements>;
/** The name of one of the repository's statements. */
export type StatementName = keyof Statements;

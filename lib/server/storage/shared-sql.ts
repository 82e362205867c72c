/**
 * The SQL both engines share: the tables' columns (one schema, see schema-versions.ts) and the two
 * larger queries, written once with the engine's own placeholders put in (`@name` for SQLite,
 * `$n` for PostgreSQL).
 */

/** Columns of each table, in the order rows are written and statements bind them. */
export const COLUMNS = {
  conversations: [
    'sid', 'unique_name', 'friendly_name', 'attributes', 'created_by', 'is_private', 'date_created', 'date_updated',
    'state', 'state_updated', 'last_message', 'messages_count', 'participants_count', 'next_message_index', 'last_activity'
  ],
  participants: [
    'sid', 'conversation_sid', 'identity', 'type', 'role', 'attributes', 'date_created', 'date_updated',
    'last_read_index', 'last_read_timestamp', 'last_delivered_index', 'notification_level', 'last_delivered_timestamp'
  ],
  messages: [
    'sid', 'conversation_sid', 'idx', 'author', 'participant_sid', 'body', 'attributes', 'type', 'media', 'content_sid',
    'date_created', 'date_updated', 'last_updated_by', 'key', 'content_variables'
  ],
  media: ['sid', 'identity', 'filename', 'content_type', 'size', 'category', 'conversation_sid', 'message_sid', 'date_created'],
  templates: ['sid', 'friendly_name', 'variables', 'variants', 'date_created', 'date_updated'],
  users: ['identity', 'friendly_name', 'attributes', 'date_created', 'date_updated', 'role'],
  roles: ['sid', 'friendly_name', 'type', 'permissions', 'date_created', 'date_updated'],
  api_keys: ['sid', 'friendly_name', 'secret_hash', 'scopes', 'date_created'],
  webhooks: ['sid', 'conversation_sid', 'kind', 'url', 'method', 'filters', 'failure_policy', 'timeout_ms', 'date_created', 'date_updated'],
  webhook_outbox: ['message_id', 'webhook_sid', 'url', 'method', 'ordering_key', 'event_type', 'payload', 'created_at', 'next_attempt_at'],
  webhook_deliveries: ['message_id', 'webhook_sid', 'event_type', 'attempt', 'outcome', 'status', 'error', 'duration_ms', 'created_at']
} as const;

/** A table of the schema. */
export type Table = keyof typeof COLUMNS;

/** Every column of messages. */
export const MESSAGES = `SELECT ${COLUMNS.messages.join(', ')} FROM messages`;

/** The columns of `table` under `alias`, each renamed `<alias>_<column>`, for a joined row. */
const prefixed = (table: Table, alias: string) => COLUMNS[table].map((c) => `${alias}.${c} AS ${alias}_${c}`).join(', ');

/** The columns of `table` from a row of {@link userConversationsSql}, without their alias prefix. */
export function unprefix<T>(row: Record<string, unknown>, table: Table, alias: string): T {
  const out: Record<string, unknown> = {};
  for (const column of COLUMNS[table]) out[column] = row[`${alias}_${column}`];
  return out as T;
}

/**
 * The events an identity may see after a position: its membership windows and its targeted events.
 * The page is chosen on seqs alone (from the indexes, a sort of integers), then only its rows are
 * read: sorting whole rows, JSON data and all, made each page of a replay cost several times more.
 */
export function eventsVisibleSql(p: { identity: string; position: string; limit: string }): string {
  return `
  SELECT seq, name, conversation_sid, target_identity, data, created_at FROM events WHERE seq IN (
    SELECT e.seq FROM memberships m
      JOIN events e ON e.conversation_sid = m.conversation_sid
        AND e.seq >= m.joined_seq AND (m.left_seq IS NULL OR e.seq <= m.left_seq)
    WHERE m.identity = ${p.identity} AND (m.left_seq IS NULL OR m.left_seq > ${p.position})
      AND e.seq > ${p.position} AND e.target_identity IS NULL
    UNION ALL
    SELECT e.seq FROM events e WHERE e.target_identity = ${p.identity} AND e.seq > ${p.position}
    ORDER BY 1 LIMIT ${p.limit}
  ) ORDER BY seq`;
}

/**
 * A page of a user's conversations, latest activity first: the page is chosen on keys only (a
 * covering index, a small sort), then its rows are read and unread counts computed for them alone.
 * `activity` and `sid` are the previous page's last (both null for the first page).
 */
export function userConversationsSql(p: { identity: string; activity: string; sid: string; limit: string }): string {
  return `
  WITH page AS (
    SELECT c.sid AS sid, c.last_activity AS activity, p.sid AS participant_sid
    FROM participants p JOIN conversations c ON c.sid = p.conversation_sid
    WHERE p.identity = ${p.identity}
      AND (${p.activity} IS NULL OR c.last_activity < ${p.activity} OR (c.last_activity = ${p.activity} AND c.sid < ${p.sid}))
    ORDER BY c.last_activity DESC, c.sid DESC
    LIMIT ${p.limit}
  )
  SELECT ${prefixed('conversations', 'c')}, ${prefixed('participants', 'p')},
         CASE WHEN p.last_read_index IS NULL THEN NULL
              ELSE (SELECT COUNT(*) FROM messages m WHERE m.conversation_sid = c.sid AND m.idx > p.last_read_index)
         END AS unread
  FROM page
    JOIN conversations c ON c.sid = page.sid
    JOIN participants p ON p.sid = page.participant_sid
  ORDER BY page.activity DESC, page.sid DESC`;
}

/**
 * The outbox entries due at `now` that no process holds: the first (lowest id) of their ordering
 * key, so that calls of one key go out one after another. `now` and `limit` are placeholders.
 */
export function dueOutboxHeadsSql(p: { now: string; limit: string }): string {
  return `SELECT o.id, o.ordering_key FROM webhook_outbox o
    WHERE o.next_attempt_at <= ${p.now} AND o.lease_until <= ${p.now}
      AND o.id = (SELECT MIN(h.id) FROM webhook_outbox h WHERE h.ordering_key = o.ordering_key)
    ORDER BY o.id LIMIT ${p.limit}`;
}

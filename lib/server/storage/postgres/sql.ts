/** Columns of each table, in the order the statements below bind them. */
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
  users: ['identity', 'friendly_name', 'attributes', 'date_created', 'date_updated']
} as const;

type Table = keyof typeof COLUMNS;

/** `INSERT` of every column of `table`, bound `$1…$n` in {@link COLUMNS} order. */
export const insertSql = (table: Table) =>
  `INSERT INTO ${table} (${COLUMNS[table].join(', ')}) VALUES (${COLUMNS[table].map((_, i) => `$${i + 1}`).join(', ')})`;

/** `UPDATE` of every column but the key (the first column), bound in {@link COLUMNS} order. */
export const updateSql = (table: Table) => {
  const [key, ...rest] = COLUMNS[table];
  return `UPDATE ${table} SET ${rest.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE ${key} = $1`;
};

/** A row object's values in {@link COLUMNS} order. */
export function values(table: Table, row: object): unknown[] {
  const record = row as Record<string, unknown>;
  return COLUMNS[table].map((column) => record[column]);
}

/** Conversation events inside the identity's membership windows, and events targeted at it. */
export const EVENTS_VISIBLE = `
  SELECT seq, name, conversation_sid, target_identity, data, created_at FROM (
    SELECT e.* FROM memberships m
      JOIN events e ON e.conversation_sid = m.conversation_sid
        AND e.seq >= m.joined_seq AND (m.left_seq IS NULL OR e.seq <= m.left_seq)
    WHERE m.identity = $1 AND (m.left_seq IS NULL OR m.left_seq > $2)
      AND e.seq > $2 AND e.target_identity IS NULL
    UNION ALL
    SELECT e.* FROM events e WHERE e.target_identity = $1 AND e.seq > $2
  ) visible ORDER BY seq LIMIT $3`;

/**
 * Appends an event under the log's row lock: the lock is held until the transaction ends, so
 * the next transaction that appends waits for this one to commit (or roll back) and takes the
 * following seq.
 */
export const APPEND_EVENT = `
  WITH next AS (UPDATE event_log SET head = head + 1 RETURNING head)
  INSERT INTO events (seq, name, conversation_sid, target_identity, data, created_at)
  SELECT head, $1, $2, $3, $4, $5 FROM next
  RETURNING seq`;

const prefixed = (table: Table, alias: string) => COLUMNS[table].map((c) => `${alias}.${c} AS ${alias}_${c}`).join(', ');

/** A page of a user's conversations: keys first, then the rows and unread counts of the page. */
export const USER_CONVERSATIONS = `
  WITH page AS (
    SELECT c.sid AS sid, c.last_activity AS activity, p.sid AS participant_sid
    FROM participants p JOIN conversations c ON c.sid = p.conversation_sid
    WHERE p.identity = $1
      AND ($2::bigint IS NULL OR c.last_activity < $2::bigint OR (c.last_activity = $2::bigint AND c.sid < $3::text))
    ORDER BY c.last_activity DESC, c.sid DESC
    LIMIT $4
  )
  SELECT ${prefixed('conversations', 'c')}, ${prefixed('participants', 'p')},
         CASE WHEN p.last_read_index IS NULL THEN NULL
              ELSE (SELECT COUNT(*) FROM messages m WHERE m.conversation_sid = c.sid AND m.idx > p.last_read_index)
         END AS unread
  FROM page
    JOIN conversations c ON c.sid = page.sid
    JOIN participants p ON p.sid = page.participant_sid
  ORDER BY page.activity DESC, page.sid DESC`;

/** The columns of `table` from a row of {@link USER_CONVERSATIONS}, without their alias prefix. */
export function unprefix<T>(row: Record<string, unknown>, table: Table, alias: string): T {
  const out: Record<string, unknown> = {};
  for (const column of COLUMNS[table]) out[column] = row[`${alias}_${column}`];
  return out as T;
}

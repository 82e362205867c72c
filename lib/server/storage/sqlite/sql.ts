/**
 * The SQL text the SQLite engine prepares: column lists, INSERT/UPDATE builders and the two
 * larger queries (events visible to an identity, a page of a user's conversations).
 */

/** Columns of each table, in the order rows are written. */
export const CONVERSATION_COLUMNS = [
  'sid', 'unique_name', 'friendly_name', 'attributes', 'created_by', 'is_private', 'date_created', 'date_updated',
  'state', 'state_updated', 'last_message', 'messages_count', 'participants_count', 'next_message_index', 'last_activity'
];
export const PARTICIPANT_COLUMNS = [
  'sid', 'conversation_sid', 'identity', 'type', 'role', 'attributes', 'date_created', 'date_updated',
  'last_read_index', 'last_read_timestamp', 'last_delivered_index', 'notification_level', 'last_delivered_timestamp'
];
export const MESSAGE_COLUMNS = [
  'sid', 'conversation_sid', 'idx', 'author', 'participant_sid', 'body', 'attributes', 'type', 'media', 'content_sid',
  'date_created', 'date_updated', 'last_updated_by', 'key', 'content_variables'
];
export const MEDIA_COLUMNS = [
  'sid', 'identity', 'filename', 'content_type', 'size', 'category', 'conversation_sid', 'message_sid', 'date_created'
];
export const TEMPLATE_COLUMNS = ['sid', 'friendly_name', 'variables', 'variants', 'date_created', 'date_updated'];
export const USER_COLUMNS = ['identity', 'friendly_name', 'attributes', 'date_created', 'date_updated'];

/** An INSERT of every column, with named parameters. */
export const insertSql = (table: string, columns: string[]) =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`;
/** An UPDATE of every column but the key, with named parameters. */
export const updateSql = (table: string, columns: string[], key: string) =>
  `UPDATE ${table} SET ${columns.filter((c) => c !== key).map((c) => `${c} = @${c}`).join(', ')} WHERE ${key} = @${key}`;
/** Every column of messages. */
export const MESSAGES = `SELECT ${MESSAGE_COLUMNS.join(', ')} FROM messages`;

/**
 * The events an identity may see after a position: its membership windows and its targeted events.
 * The page is chosen on seqs alone (from the indexes, a sort of integers), then only its rows are
 * read: sorting whole rows, JSON data and all, made each page of a replay cost several times more.
 */
export const EVENTS_VISIBLE = `
  SELECT seq, name, conversation_sid, target_identity, data, created_at FROM events WHERE seq IN (
    SELECT e.seq FROM memberships m
      JOIN events e ON e.conversation_sid = m.conversation_sid
        AND e.seq >= m.joined_seq AND (m.left_seq IS NULL OR e.seq <= m.left_seq)
    WHERE m.identity = @identity AND (m.left_seq IS NULL OR m.left_seq > @position)
      AND e.seq > @position AND e.target_identity IS NULL
    UNION ALL
    SELECT e.seq FROM events e WHERE e.target_identity = @identity AND e.seq > @position
    ORDER BY 1 LIMIT @limit
  ) ORDER BY seq`;

// The page is chosen on keys only (a covering index, a small sort), then its rows are read
// and unread counts computed for them alone.
export const USER_CONVERSATIONS = `
  WITH page AS (
    SELECT c.sid AS sid, c.last_activity AS activity, p.sid AS participant_sid
    FROM participants p JOIN conversations c ON c.sid = p.conversation_sid
    WHERE p.identity = @identity
      AND (@activity IS NULL OR c.last_activity < @activity OR (c.last_activity = @activity AND c.sid < @sid))
    ORDER BY c.last_activity DESC, c.sid DESC
    LIMIT @limit
  )
  SELECT ${CONVERSATION_COLUMNS.map((c) => `c.${c} AS c_${c}`).join(', ')},
         ${PARTICIPANT_COLUMNS.map((c) => `p.${c} AS p_${c}`).join(', ')},
         CASE WHEN p.last_read_index IS NULL THEN NULL
              ELSE (SELECT COUNT(*) FROM messages m WHERE m.conversation_sid = c.sid AND m.idx > p.last_read_index)
         END AS unread
  FROM page
    JOIN conversations c ON c.sid = page.sid
    JOIN participants p ON p.sid = page.participant_sid
  ORDER BY page.activity DESC, page.sid DESC`;

/** The columns of one table out of a joined row whose columns carry `prefix`. */
export function unprefix<T>(row: Record<string, unknown>, prefix: string, columns: string[]): T {
  const out: Record<string, unknown> = {};
  for (const column of columns) out[column] = row[prefix + column];
  return out as T;
}

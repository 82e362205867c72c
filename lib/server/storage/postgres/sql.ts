import { COLUMNS, type Table, eventsVisibleSql, userConversationsSql } from '../shared-sql';

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

/** Events visible to identity $1 after position $2, a page of $3. */
export const EVENTS_VISIBLE = eventsVisibleSql({ identity: '$1', position: '$2', limit: '$3' });

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

/** A page of identity $1's conversations after (activity $2, sid $3), of $4. */
export const USER_CONVERSATIONS = userConversationsSql({ identity: '$1', activity: '$2::bigint', sid: '$3::text', limit: '$4' });

/**
 * The SQL text the SQLite engine prepares beyond what both engines share (../shared-sql.ts):
 * INSERT/UPDATE builders with named parameters, and the shared queries with SQLite's placeholders.
 */
import { COLUMNS, type Table, eventsVisibleSql, userConversationsSql } from '../shared-sql';

/** An INSERT of every column of `table`, with named parameters. */
export const insertSql = (table: Table) =>
  `INSERT INTO ${table} (${COLUMNS[table].join(', ')}) VALUES (${COLUMNS[table].map((c) => '@' + c).join(', ')})`;
/** An UPDATE of every column of `table` but the key (its first column), with named parameters. */
export const updateSql = (table: Table) => {
  const [key, ...rest] = COLUMNS[table];
  return `UPDATE ${table} SET ${rest.map((c) => `${c} = @${c}`).join(', ')} WHERE ${key} = @${key}`;
};

/** Events visible to `@identity` after `@position`, a page of `@limit`. */
export const EVENTS_VISIBLE = eventsVisibleSql({ identity: '@identity', position: '@position', limit: '@limit' });

/** A page of `@identity`'s conversations after (`@activity`, `@sid`), of `@limit`. */
export const USER_CONVERSATIONS = userConversationsSql({ identity: '@identity', activity: '@activity', sid: '@sid', limit: '@limit' });

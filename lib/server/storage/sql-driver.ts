import type { StatementName } from './sql';

/** A value, or a promise of it: SQLite answers at once, PostgreSQL over the network. */
export type Awaitable<T> = T | Promise<T>;

/**
 * How the repository reaches one engine's connection: it runs the repository's statements by name
 * (sql.ts: the engine prepares each once, in its own dialect and placeholders), binding `params`
 * to `$1…$n` in order. Rows come back with their columns as named in the statement; integers as
 * numbers.
 */
export interface SqlDriver {
  /** The statement's first row, or undefined. */
  one<R>(statement: StatementName, params?: readonly unknown[]): Awaitable<R | undefined>;
  /** Every row of the statement. */
  many<R>(statement: StatementName, params?: readonly unknown[]): Awaitable<R[]>;
  /** Runs a statement that answers no rows; answers how many rows it changed. */
  run(statement: StatementName, params?: readonly unknown[]): Awaitable<number>;
  /** Runs SQL text of any number of statements, without parameters (a migration, `BEGIN`, `COMMIT`). */
  exec(sql: string): Awaitable<void>;
}

import type { ClientBase, QueryResult } from 'pg';
import { type Dialect, type StatementName, statements } from '../sql';
import type { SqlDriver } from '../sql-driver';

/**
 * PostgreSQL's differences. An event is appended without its seq, under a provisional `id` from a
 * sequence: writers lock nothing shared, and the log's head (the one-row `event_log`) moves only when
 * committed events are numbered, a batch at a time, by `log-numbering.ts`. The rows a write reads and
 * then changes are read `FOR UPDATE`; the webhook outbox's due entries `FOR UPDATE SKIP LOCKED`, so
 * that processes leasing side by side take different ones.
 */
export const POSTGRES_DIALECT: Dialect = {
  head: `SELECT head FROM event_log`,
  appendEvent: `
    INSERT INTO events (name, conversation_sid, target_identity, data, created_at)
    VALUES ($1, $2, $3, $4, $5) RETURNING id AS ref, seq`,
  forUpdate: ' FOR UPDATE',
  textsOfJson: (param) => `SELECT jsonb_array_elements_text(CAST(${param} AS JSONB))`,
  integersOfJson: (param) => `SELECT CAST(jsonb_array_elements_text(CAST(${param} AS JSONB)) AS BIGINT)`,
  forUpdateSkipLocked: ' FOR UPDATE OF o SKIP LOCKED',
  // the GIN index finds the matches; they are sorted by date (then sid) and the page taken
  searchMessages: (columns) => `
    SELECT m.date_created AS position_a, m.sid AS position_b, ${columns}
    FROM messages m
      JOIN participants p ON p.conversation_sid = m.conversation_sid AND p.identity = $1
    WHERE m.search @@ to_tsquery('simple', replace(CAST($2 AS TEXT), ' ', ' & ') || ':*')
      AND (CAST($3 AS TEXT) IS NULL OR m.conversation_sid = CAST($3 AS TEXT))
      AND (CAST($4 AS BIGINT) IS NULL OR (m.date_created, m.sid) < (CAST($4 AS BIGINT), CAST($5 AS TEXT)))
    ORDER BY m.date_created DESC, m.sid DESC LIMIT $6`,
  replyParentSid: `(reply_to::json ->> 'sid')`
};

const SQL = statements(POSTGRES_DIALECT);

/** The PostgreSQL driver (pg) over one connection: each statement is prepared once per connection, by name. */
export class PgDriver implements SqlDriver {
  constructor(private readonly client: ClientBase) {}

  async one<R>(name: StatementName, params: readonly unknown[] = []): Promise<R | undefined> {
    return (await this.#query(name, params)).rows[0] as R | undefined;
  }

  async many<R>(name: StatementName, params: readonly unknown[] = []): Promise<R[]> {
    return (await this.#query(name, params)).rows as R[];
  }

  async run(name: StatementName, params: readonly unknown[] = []): Promise<number> {
    return (await this.#query(name, params)).rowCount ?? 0;
  }

  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  /** The rows of a statement of this engine's own (`text`), prepared once per connection as `name`. */
  async rows<R>(name: string, text: string, params: readonly unknown[]): Promise<R[]> {
    return (await this.client.query({ name: `rxc_${name}`, text, values: params as unknown[] })).rows as R[];
  }

  #query(name: StatementName, params: readonly unknown[]): Promise<QueryResult> {
    return this.client.query({ name: `rxc_${name}`, text: SQL[name], values: params as unknown[] });
  }
}

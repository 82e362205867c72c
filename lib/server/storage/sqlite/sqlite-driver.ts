import type { Database, Statement } from 'better-sqlite3';
import { type Dialect, type StatementName, statements } from '../sql';
import type { SqlDriver } from '../sql-driver';
import { asIndexed } from './search-index';

/**
 * SQLite's differences: the log's head is the events table's AUTOINCREMENT counter, and an event is
 * numbered as it is appended (one transaction at a time: commit order is append order); nothing locks.
 */
export const SQLITE_DIALECT: Dialect = {
  head: `SELECT seq AS head FROM sqlite_sequence WHERE name = 'events'`,
  appendEvent: `INSERT INTO events (name, conversation_sid, target_identity, data, created_at)
                VALUES ($1, $2, $3, $4, $5) RETURNING seq AS ref, seq`,
  forUpdate: '',
  textsOfJson: (param) => `SELECT value FROM json_each(${param})`,
  integersOfJson: (param) => `SELECT value FROM json_each(${param})`,
  forUpdateSkipLocked: '',
  // FTS5 walks the matches newest first by rowid (the messages' insertion order) and stops at the page
  searchMessages: (columns) => `
    SELECT f.rowid AS position_a, NULL AS position_b, ${columns}
    FROM messages_fts f
      JOIN messages m ON m.rowid = f.rowid
      JOIN participants p ON p.conversation_sid = m.conversation_sid AND p.identity = $1
    WHERE messages_fts MATCH '"' || replace($2, ' ', '" "') || '"*'
      AND (CAST($3 AS TEXT) IS NULL OR m.conversation_sid = CAST($3 AS TEXT))
      AND (CAST($4 AS INTEGER) IS NULL OR f.rowid < CAST($4 AS INTEGER))
    ORDER BY f.rowid DESC LIMIT $6`,
  replyParentSid: `json_extract(reply_to, '$.sid')`
};

const SQL = statements(SQLITE_DIALECT);

/**
 * A statement prepared with `?` placeholders, and which parameter each `?` takes (null: `$1…$n` in order, each once).
 */
interface Prepared {
  statement: Statement;
  order: number[] | null;
}

/** `$n` placeholders → SQLite's `?`, with the parameter each takes. */
function prepare(db: Database, text: string): Prepared {
  const order: number[] = [];
  const sqliteText = text.replace(/\$(\d+)/g, (_, n: string) => {
    order.push(Number(n) - 1);
    return '?';
  });
  const inOrder = order.every((n, i) => n === i);
  return { statement: db.prepare(sqliteText), order: inOrder ? null : order };
}

/**
 * The SQLite driver (better-sqlite3): statements prepared once, on first use (a fresh database has
 * no tables before its migrations), and run synchronously.
 */
export class SqliteDriver implements SqlDriver {
  readonly #prepared = new Map<StatementName, Prepared>();

  /**
   * @param beforeSearch runs before a search reads the full-text index (its queued changes applied). A search's
   * terms are cut as the index cuts words ({@link asIndexed}).
   */
  constructor(
    private readonly db: Database,
    private readonly beforeSearch: () => void = () => undefined
  ) {}

  one<R>(name: StatementName, params: readonly unknown[] = []): R | undefined {
    const { statement, order } = this.#statement(name);
    return statement.get(...(order ? order.map((i) => params[i]) : params)) as R | undefined;
  }

  many<R>(name: StatementName, params: readonly unknown[] = []): R[] {
    if (name === 'searchMessages') {
      this.beforeSearch();
      params = params.map((param, i) => (i === 1 ? asIndexed(param as string) : param));
    }
    const { statement, order } = this.#statement(name);
    return statement.all(...(order ? order.map((i) => params[i]) : params)) as R[];
  }

  run(name: StatementName, params: readonly unknown[] = []): number {
    const { statement, order } = this.#statement(name);
    return statement.run(...(order ? order.map((i) => params[i]) : params)).changes;
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  #statement(name: StatementName): Prepared {
    let prepared = this.#prepared.get(name);
    if (!prepared) {
      prepared = prepare(this.db, SQL[name]);
      this.#prepared.set(name, prepared);
    }
    return prepared;
  }
}

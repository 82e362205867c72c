import type { Database } from 'better-sqlite3';

/** How long queued changes of the full-text index may wait for company before they are applied. */
export const SEARCH_INDEX_DELAY_MS = 200;

/**
 * The full-text index's queued changes: the triggers on `messages` queue them (`messages_fts_queue`)
 * rather than write `messages_fts` themselves, because FTS5 writes its pending terms out as a new
 * segment at every savepoint (and every statement run by a trigger), and group commit opens one per
 * transaction. The queue is applied, in the order queued, in a transaction of its own, after the
 * commits that queued them — a send's commit writes, and syncs, its row in the queue only — and
 * before any search: a search sees every message committed before it, as if the index were written
 * with them. That transaction is not synced (`synchronous = NORMAL` for it alone): what it applies
 * is durable in the queue, and a crash that loses it leaves the queue to be applied at the next
 * open; the next synced commit makes it durable.
 */
export class SearchIndex {
  readonly #apply;
  readonly #clear;
  readonly #any;
  readonly #applyAlone;
  readonly #synchronous: number;

  constructor(private readonly db: Database) {
    // a NULL command is a plain insert; 'delete' takes the old body out
    this.#apply = db.prepare(`
      INSERT INTO messages_fts (messages_fts, rowid, body)
      SELECT command, message_rowid, body FROM messages_fts_queue ORDER BY seq`);
    this.#clear = db.prepare('DELETE FROM messages_fts_queue');
    this.#any = db.prepare('SELECT 1 FROM messages_fts_queue LIMIT 1').pluck();
    this.#applyAlone = db.transaction(() => this.#applyQueued());
    this.#synchronous = db.pragma('synchronous', { simple: true }) as number;
  }

  /** Whether changes are queued. */
  queued(): boolean {
    return this.#any.get() !== undefined;
  }

  /** Applies the queued changes: in the transaction open, if one is, else in one of its own (not synced). */
  apply(): void {
    if (this.db.inTransaction) return this.#applyQueued();
    if (!this.queued()) return;
    this.db.pragma('synchronous = NORMAL');
    try {
      this.#applyAlone.immediate();
    } finally {
      this.db.pragma(`synchronous = ${this.#synchronous}`);
    }
  }

  #applyQueued(): void {
    if (this.#apply.run().changes > 0) this.#clear.run();
  }
}

/**
 * A query's terms (space-separated) as the index's tokenizer cuts words: `unicode61` ends a token at
 * a spacing or enclosing mark (Devanagari's vowel sign ा in भारत), where a query's word runs on
 * through every mark. Each term is quoted as a phrase in the query, and the index (`detail = none`)
 * refuses a phrase of two tokens: cut as the index is, `भारत` is asked as `भ` and `रत`.
 */
export function asIndexed(terms: string): string {
  return terms
    .replace(/[\p{Mc}\p{Me}]+/gu, ' ')
    .split(' ')
    .filter((term) => term.length > 0)
    .join(' ');
}

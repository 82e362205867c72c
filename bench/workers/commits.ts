/**
 * Worker: the durable commit on its own — one single-row INSERT per transaction into an SQLite file
 * opened as the server opens its database (WAL, `synchronous = FULL`), at a steady rate, each
 * commit timed. What any durable server must spend before it may acknowledge a message.
 */
import BetterSqlite3 from 'better-sqlite3';
import { percentile } from '../lib/stats';
import { serve } from '../lib/worker';

let db: BetterSqlite3.Database | null = null;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The commits worker's methods. */
export const methods = {
  open(params: { path: string }) {
    db = new BetterSqlite3(params.path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    return { ok: true };
  },
  /** `count` commits at `perSecond`, each timed from BEGIN to the end of COMMIT: answers p50 and p99 (ms). */
  async commit(params: { perSecond: number; count: number; bodyBytes: number }) {
    if (!db) throw new Error('the database is not open');
    const insert = db.prepare('INSERT INTO rows (body) VALUES (?)');
    const once = db.transaction((body: string) => insert.run(body));
    const body = 'b'.repeat(params.bodyBytes);
    const times: number[] = [];
    const start = performance.now();
    for (let i = 0; i < params.count; i++) {
      const due = start + (i * 1000) / params.perSecond;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const begun = performance.now();
      once(body);
      times.push(performance.now() - begun);
    }
    return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
  },
  close() {
    db?.close();
    db = null;
  }
};

serve(methods, () => methods.close());

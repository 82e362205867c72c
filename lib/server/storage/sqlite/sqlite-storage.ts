import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Storage } from '../storage';
import { MIGRATIONS } from './migrations';
import { GroupCommit } from './group-commit';
import { SqliteTx } from './sqlite-tx';

/** Settings of the SQLite engine. */
export interface SqliteStorageOptions {
  /** A file path, or `':memory:'`. The file's folder is created if missing. */
  path: string;
  /** `full` survives power loss; `normal` survives a process crash (WAL). Default `full`. */
  durability?: 'full' | 'normal';
  /** Called when an `afterCommit` callback throws (the transaction itself stands). */
  onAfterCommitError?: (error: unknown) => void;
}

/**
 * Opens (creating and migrating if needed) an SQLite database in WAL mode. Every transaction
 * and read goes through one in-process queue ({@link GroupCommit}): transactions queued back to
 * back share one commit (one fsync), none sees another's failure, no read sees an uncommitted
 * one, and each `afterCommit` runs once its transaction is durable, before any later read.
 */
export function openSqliteStorage(options: SqliteStorageOptions): Storage {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new BetterSqlite3(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const tx = new SqliteTx(db);
  const queue = new GroupCommit(db, (error) => options.onAfterCommitError?.(error));
  let closed = false;

  const refused = () => Promise.reject(new Error('storage is closed'));

  return {
    transaction(fn, afterCommit) {
      if (closed) return refused();
      return queue.transaction(() => fn(tx), afterCommit);
    },

    read(fn) {
      if (closed) return refused();
      return queue.read(() => fn(tx));
    },

    async close() {
      if (closed) return;
      closed = true;
      await queue.drain();
      db.close();
    }
  };
}

function migrate(db: BetterSqlite3.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new Error(`database schema version ${version} is newer than this server (${MIGRATIONS.length})`);
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SerialQueue } from '../queue';
import type { Storage } from '../storage';
import { MIGRATIONS } from './migrations';
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
 * and read goes through one in-process queue, so none sees another's open transaction and
 * `afterCommit` runs before the next job starts.
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
  const queue = new SerialQueue();
  let closed = false;

  const refused = () => Promise.reject(new Error('storage is closed'));

  return {
    transaction(fn, afterCommit) {
      if (closed) return refused();
      return queue.run(async () => {
        db.exec('BEGIN IMMEDIATE');
        let value;
        try {
          value = await fn(tx);
          db.exec('COMMIT');
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
        if (afterCommit) {
          try {
            afterCommit(value);
          } catch (error) {
            options.onAfterCommitError?.(error);
          }
        }
        return value;
      });
    },

    read(fn) {
      if (closed) return refused();
      return queue.run(() => fn(tx));
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

import type { Database } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from '../migrate';
import { SqlRepository } from '../sql-repository';
import { importPackages } from '../../optional-packages';
import type { Storage } from '../storage';
import { Checkpointer } from './checkpointer';
import { GroupCommit } from './group-commit';
import { MIGRATIONS } from './migrations';
import { SEARCH_INDEX_DELAY_MS, SearchIndex } from './search-index';
import { SqliteDriver } from './sqlite-driver';

/** Settings of the SQLite engine. */
export interface SqliteStorageOptions {
  /** A file path, or `':memory:'`. The file's folder is created if missing. */
  path: string;
  /** `full` survives power loss; `normal` survives a process crash (WAL). Default `full`. */
  durability?: 'full' | 'normal';
  /**
   * Called when an `afterCommit` callback throws (the transaction itself stands), or when the full-text index's
   * queued changes fail to apply (a search applies them again first).
   */
  onAfterCommitError?: (error: unknown) => void;
}

/**
 * Opens (creating and migrating if needed) an SQLite database in WAL mode. Every transaction
 * and read goes through one in-process queue ({@link GroupCommit}): transactions queued back to
 * back share one commit (one fsync), none sees another's failure, no read sees an uncommitted
 * one, and each `afterCommit` runs once its transaction is durable, before any later read. What
 * follows the commits stays off them: the WAL is checkpointed on a thread of its own
 * ({@link Checkpointer}), the full-text index applied a while later ({@link SearchIndex}).
 */
export async function openSqliteStorage(options: SqliteStorageOptions): Promise<Storage> {
  const [{ default: BetterSqlite3 }] = await importPackages('SQLite storage (the default database)', [
    'better-sqlite3',
    () => import('better-sqlite3')
  ]);
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new BetterSqlite3(options.path);
  // (its statements are prepared once the migrations made its tables)
  let index: SearchIndex | null = null;
  const driver = new SqliteDriver(db, () => index?.apply());
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    adoptUserVersion(db, driver);
    await migrate(driver, MIGRATIONS);
    index = new SearchIndex(db);
    index.apply(); // what a crash left queued
  } catch (error) {
    db.close();
    throw error;
  }

  // one transaction at a time: nothing to lock
  const repository = new SqlRepository(driver, false);
  const searchIndex = index;
  const checkpointer = options.path === ':memory:' ? null : new Checkpointer(db, options.path);
  let closed = false;
  let indexing: NodeJS.Timeout | null = null;
  const reportError = (error: unknown) => options.onAfterCommitError?.(error);
  // the full-text index follows the commits a while later, between two groups (and at once before a search)
  const indexLater = () => {
    if (indexing || closed || !searchIndex.queued()) return;
    indexing = setTimeout(() => {
      indexing = null;
      if (!closed) queue.read(async () => searchIndex.apply()).catch(reportError);
    }, SEARCH_INDEX_DELAY_MS);
    indexing.unref();
  };
  const queue = new GroupCommit(db, reportError, () => {
    checkpointer?.committed();
    indexLater();
  });

  const refused = () => Promise.reject(new Error('storage is closed'));

  return {
    transaction(fn, afterCommit) {
      if (closed) return refused();
      return queue.transaction(() => fn(repository), afterCommit);
    },

    read(fn) {
      if (closed) return refused();
      return queue.read(() => fn(repository));
    },

    async close() {
      if (closed) return;
      closed = true;
      if (indexing) clearTimeout(indexing);
      await queue.drain();
      try {
        searchIndex.apply(); // (else applied at the next open)
      } finally {
        await checkpointer?.close();
        db.close();
      }
    }
  };
}

/**
 * A database written before `schema_migrations` kept its schema version in `user_version`: that
 * many versions are recorded as applied, once.
 */
function adoptUserVersion(db: Database, driver: SqliteDriver): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0) return;
  db.transaction(() => {
    driver.run('createSchemaMigrations');
    for (let v = 1; v <= version; v++) driver.run('recordSchemaVersion', [v, 0]);
    db.pragma('user_version = 0');
  })();
}

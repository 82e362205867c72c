import type { Pool, PoolClient } from 'pg';
import { importPackages } from '../../optional-packages';
import { migrate } from '../migrate';
import { PgRepository } from './pg-repository';
import type { Storage } from '../storage';
import { LogNumbering } from './log-numbering';
import { POSTGRES_MIGRATIONS } from './migrations';
import { PgDriver } from './pg-driver';
import { WriteTransactions, between } from './write-transactions';

/** Settings of the PostgreSQL engine. */
export interface PostgresStorageOptions {
  /** A connection string: `postgres://user:password@host:5432/database`. */
  url: string;
  /** Connections of the pool writes and reads share, at most (numbering keeps one more of its own). Default 10. */
  poolSize?: number;
  /** Called when an `afterCommit` callback throws (the transaction itself stands). */
  onAfterCommitError?: (error: unknown) => void;
  /** Called when numbering committed events failed (it is tried again). */
  onNumberingError?: (error: unknown) => void;
}

/** Serializes schema migrations of every process that opens the same database. */
const MIGRATION_LOCK = 0x72786301;
/** No statement may wait longer than this (a lock held by a stuck peer, a lost server). */
const STATEMENT_TIMEOUT_MS = 30_000;
/** How often events that wait for their seq with no writer asking (it died meanwhile) are looked for. */
const SWEEP_MS = 1000;

const INT8 = 20;

/**
 * Opens a PostgreSQL database through a pool, creating or migrating its schema first (one
 * process at a time, under an advisory lock). Transactions run concurrently, in this process
 * and others, sharing no lock but those of the rows they change: their events are appended
 * unnumbered and get their seqs once committed, a batch at a time ({@link LogNumbering}); then
 * `afterCommit` runs, so callbacks of concurrent transactions may run out of seq order (the hub
 * re-orders). Transactions of one group share a transaction ({@link WriteTransactions}). Reads run
 * in a read-only REPEATABLE READ transaction: one consistent snapshot.
 */
export async function openPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  const [{ default: pg }] = await importPackages('A PostgreSQL database', ['pg', () => import('pg')]);
  /** BIGINT columns (times, seqs, counts) arrive as numbers: they stay far below 2^53. */
  const getTypeParser = (oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  };
  const settings = { connectionString: options.url, statement_timeout: STATEMENT_TIMEOUT_MS, types: { getTypeParser } };
  // pipelined: a query is sent at once, not after the answer to the one before (see `between`)
  const poolSize = options.poolSize ?? 10;
  const pool = new pg.Pool({ ...settings, max: poolSize, pipeline: true });
  pool.on('error', () => undefined); // an idle connection was lost: the pool replaces it
  try {
    await migrateExclusively(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }

  const numbering = new LogNumbering(
    pool,
    async () => {
      const client = new pg.Client({ ...settings, pipeline: true });
      await client.connect();
      return client;
    },
    (error) => options.onNumberingError?.(error)
  );
  const sweep = setInterval(() => {
    if (!closed) numbering.sweep().catch((error: unknown) => options.onNumberingError?.(error));
  }, SWEEP_MS);
  sweep.unref();

  let closed = false;
  let running = 0;
  let drained: (() => void) | null = null;
  const refused = () => Promise.reject(new Error('storage is closed'));

  /** Runs `job` on a pooled connection; a connection left in an unknown state is closed, not reused. */
  async function withClient<T>(job: (client: PoolClient, rollback: () => Promise<void>) => Promise<T>): Promise<T> {
    running++;
    try {
      const client = await pool.connect();
      let broken: Error | undefined;
      const rollback = () =>
        client.query('ROLLBACK').then(
          () => undefined,
          (error: Error) => void (broken = error)
        );
      try {
        return await job(client, rollback);
      } finally {
        client.release(broken);
      }
    } finally {
      if (--running === 0) drained?.();
    }
  }

  const writes = new WriteTransactions(withClient, numbering, (error) => options.onAfterCommitError?.(error), poolSize);

  return {
    async transaction(fn, afterCommit, group) {
      if (closed) return refused();
      running++;
      try {
        return await writes.run(fn, afterCommit, group);
      } finally {
        if (--running === 0) drained?.();
      }
    },

    read(fn) {
      if (closed) return refused();
      return withClient(async (client, rollback) => {
        try {
          const repository = new PgRepository(new PgDriver(client), false);
          return await between(client, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', () => fn(repository));
        } catch (error) {
          await rollback();
          throw error;
        }
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweep);
      if (running > 0) await new Promise<void>((resolve) => (drained = resolve));
      await numbering.drain();
      await pool.end();
    }
  };
}

/** Applies the migrations the database lacks, one process at a time. */
async function migrateExclusively(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(new PgDriver(client), POSTGRES_MIGRATIONS);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

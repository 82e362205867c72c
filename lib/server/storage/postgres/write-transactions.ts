import type { PoolClient } from 'pg';
import { PgRepository } from './pg-repository';
import type { SeqOf, Tx } from '../storage';
import type { LogNumbering } from './log-numbering';
import { PgDriver } from './pg-driver';
import { type GroupedJob, type KeyedJob, RowGroups } from './row-groups';

/** Transactions tried at most this many times when they lose a race (deadlock, unique key). */
const ATTEMPTS = 4;
/**
 * What a retry can fix: a serialization failure, a deadlock (PostgreSQL aborted one side), and a
 * unique key taken by a transaction that committed meanwhile (the retry sees it and answers as
 * the domain does for a key it finds taken).
 */
const RETRYABLE = new Set(['40001', '40P01', '23505']);

/**
 * Locks a group's conversations (`$1`, their sids) before its jobs run: the rows are locked after the
 * sort, so every process locks them in the same order.
 */
const LOCK_GROUP = 'SELECT sid FROM conversations WHERE sid = ANY($1) ORDER BY sid FOR UPDATE';

const isRetryable = (error: unknown) =>
  typeof error === 'object' && error !== null && RETRYABLE.has((error as { code?: unknown }).code as string);

/** Runs `job` on a pooled connection, with a `rollback` that marks the connection broken if it fails. */
export type WithClient = <T>(job: (client: PoolClient, rollback: () => Promise<void>) => Promise<T>) => Promise<T>;

/**
 * Runs `job` in a transaction that `begin` starts, and commits. The connection pipelines, so `begin`
 * goes out with the job's first statements instead of a round trip ahead of them. It is awaited before
 * the commit: a transaction whose `begin` failed (the connection broke) never reports success.
 * `committing` is told once the COMMIT is sent.
 */
export async function between<T>(
  client: PoolClient,
  begin: string,
  job: () => Promise<T>,
  committing?: () => void
): Promise<T> {
  const begun = client.query(begin);
  begun.catch(() => undefined); // its failure is thrown below, after the job's
  const value = await job();
  await begun;
  const commit = client.query('COMMIT');
  committing?.();
  await commit;
  return value;
}

interface Committed<T> {
  value: T;
  /** The refs of the events it appended, unnumbered. */
  refs: readonly number[];
}

/**
 * PostgreSQL's write transactions. Each runs on a pooled connection and commits, then its events get
 * their seqs ({@link LogNumbering}) and its `afterCommit` runs. Transactions given a group key (the
 * conversation they change) run in groups ({@link RowGroups}): while every lane is busy, they wait in
 * this process, rather than for a pooled connection or on a row lock, and a lane that frees runs those
 * that waited, whatever their conversations, as one transaction — each in a savepoint of its own (one
 * that throws is rolled back alone), one commit: group commit across conversations, as the SQLite
 * engine does for all its transactions.
 */
export class WriteTransactions {
  readonly #groups: RowGroups;

  /** @param lanes groups run at a time (see {@link RowGroups}). */
  constructor(
    private readonly withClient: WithClient,
    private readonly numbering: LogNumbering,
    private readonly onAfterCommitError: (error: unknown) => void,
    lanes: number
  ) {
    this.#groups = new RowGroups(lanes, (jobs) => this.#runGroup(jobs));
  }

  /** Runs `fn` atomically: alone, or with the others of `group` waiting meanwhile (see the class). */
  run<T>(fn: (tx: Tx) => Promise<T>, afterCommit?: (value: T, seqOf: SeqOf) => void, group?: string): Promise<T> {
    if (group === undefined) return this.#commitOne(fn).then((done) => this.#settle(done, afterCommit));
    return new Promise<T>((resolve, reject) =>
      this.#groups.add(group, { fn, afterCommit, resolve, reject } as GroupedJob)
    );
  }

  /** Runs `fn` in a transaction of its own and commits, retried when it loses a race (see `between`). */
  #commitOne<T>(fn: (tx: Tx) => Promise<T>, committing?: () => void): Promise<Committed<T>> {
    return this.withClient(async (client, rollback) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const repository = new PgRepository(new PgDriver(client), true);
          const value = await between(client, 'BEGIN', () => fn(repository), committing);
          return { value, refs: repository.unnumbered };
        } catch (error) {
          await rollback();
          if (attempt < ATTEMPTS && isRetryable(error)) {
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
            continue;
          }
          throw error;
        }
      }
    });
  }

  /** Once committed (the connection back in the pool): the events' seqs, then `afterCommit`. */
  async #settle<T>({ value, refs }: Committed<T>, afterCommit?: (value: T, seqOf: SeqOf) => void): Promise<T> {
    const seqs = await this.numbering.seqsOf(refs);
    if (afterCommit) {
      try {
        afterCommit(value, (ref) => seqs.get(ref) as number);
      } catch (error) {
        this.onAfterCommitError(error);
      }
    }
    return value;
  }

  /**
   * Runs a group, and answers once its COMMIT is sent: the next group of its keys may start then, its
   * first statement waiting in PostgreSQL for this commit (on the rows' locks) with no round trip between.
   */
  #runGroup(group: readonly KeyedJob[]): Promise<void> {
    return new Promise<void>((next) => void this.#group(group, next).finally(next));
  }

  /**
   * Runs a group's jobs in one transaction, each in a savepoint; they settle once their events are
   * numbered. The transaction first locks every conversation of the group, in one statement, in sid
   * order: groups of several processes that share conversations then wait for each other instead of
   * deadlocking. A job that lost a race is run again alone, after the group; a group that lost one as a
   * whole (a deadlock with a transaction that locks in another order) runs its jobs alone, one by one.
   */
  async #group(group: readonly KeyedJob[], committing: () => void): Promise<void> {
    const jobs = group.map(({ job }) => job);
    const done: { job: GroupedJob; committed: Committed<unknown> }[] = [];
    const again: GroupedJob[] = [];
    const failed: { job: GroupedJob; error: unknown }[] = [];
    if (jobs.length === 1) again.push(jobs[0]);
    else {
      const keys = [...new Set(group.map(({ key }) => key))];
      try {
        await this.withClient(async (client, rollback) => {
          try {
            await between(
              client,
              'BEGIN',
              async () => {
                if (keys.length > 1) await client.query({ name: 'rxc_lockGroup', text: LOCK_GROUP, values: [keys] });
                for (const job of jobs) {
                  const repository = new PgRepository(new PgDriver(client), true);
                  const savepoint = client.query('SAVEPOINT grouped');
                  savepoint.catch(() => undefined); // a failed one fails the job's first statement
                  try {
                    const value = await job.fn(repository);
                    await savepoint;
                    done.push({ job, committed: { value, refs: repository.unnumbered } });
                  } catch (error) {
                    if (isRetryable(error)) again.push(job);
                    else failed.push({ job, error });
                    await client.query('ROLLBACK TO SAVEPOINT grouped');
                  }
                }
              },
              committing
            );
          } catch (error) {
            await rollback();
            throw error;
          }
        });
      } catch (error) {
        if (!isRetryable(error)) {
          for (const { job } of done) job.reject(error);
          for (const job of again) job.reject(error);
          for (const { job, error: own } of failed) job.reject(own);
          return;
        }
        // rolled back whole: every job runs again alone, in order (those that failed on their own too)
        done.length = 0;
        failed.length = 0;
        again.splice(0, again.length, ...jobs);
      }
      committing();
      for (const { job, error } of failed) job.reject(error);
    }
    for (const { job, committed } of done) this.#settle(committed, job.afterCommit).then(job.resolve, job.reject);
    for (const job of again) {
      try {
        const committed = await this.#commitOne(job.fn, jobs.length === 1 ? committing : undefined);
        this.#settle(committed, job.afterCommit).then(job.resolve, job.reject);
      } catch (error) {
        job.reject(error);
      }
    }
  }
}

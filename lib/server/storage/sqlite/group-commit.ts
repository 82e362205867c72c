import type { Database, Statement } from 'better-sqlite3';
import type { SeqOf } from '../storage';

/** Most transactions one commit takes. */
export const MAX_GROUP = 128;

type Job =
  | {
      kind: 'transaction';
      run: () => Promise<unknown>;
      afterCommit?: (value: unknown, seqOf: SeqOf) => void;
      resolve: (value: unknown) => void;
      reject: (error: unknown) => void;
    }
  | { kind: 'read'; run: () => Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/** A transaction of the open group whose body has run, waiting for the group's commit. */
interface Done {
  job: Extract<Job, { kind: 'transaction' }>;
  value: unknown;
}

/** SQLite numbers events as it appends them: an event's ref is its seq. */
const numbered: SeqOf = (ref) => ref;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs an SQLite database's jobs one at a time, in the order they were queued, with group commit:
 * transactions queued back to back share one `BEGIN IMMEDIATE … COMMIT` (so one fsync under
 * `synchronous = FULL`), each inside its own savepoint — a transaction that throws is rolled back
 * alone. When the queue holds no transaction, the group waits one event-loop turn for more (the next
 * pipelined request, other sessions' frames) before it commits.
 *
 * Each transaction settles, and its `afterCommit` runs, only once the group is committed (durable):
 * the callbacks run in commit order, before any read starts. A read never sees an open group: it
 * runs after the group before it committed. If the commit fails, every transaction of the group
 * fails and nothing of it stays.
 */
export class GroupCommit {
  #jobs: Job[] = [];
  /** The loop running the jobs, while there are any. */
  #running: Promise<void> | null = null;
  readonly #sql: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Statement>;

  /**
   * @param committed runs after each commit, once the group's callbacks ran (the storage's work that follows
   * commits: the WAL's checkpoints, the full-text index).
   */
  constructor(
    private readonly db: Database,
    private readonly onAfterCommitError: (error: unknown) => void,
    private readonly committed: () => void = () => undefined
  ) {
    this.#sql = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT tx'),
      release: db.prepare('RELEASE tx'),
      rollbackTo: db.prepare('ROLLBACK TO tx')
    };
  }

  /** Queues a transaction; settles once it is committed (or rolled back). */
  transaction<T>(run: () => Promise<T>, afterCommit?: (value: T, seqOf: SeqOf) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#jobs.push({
        kind: 'transaction',
        run,
        afterCommit: afterCommit as ((value: unknown, seqOf: SeqOf) => void) | undefined,
        resolve: resolve as (value: unknown) => void,
        reject
      });
      this.#kick();
    });
  }

  /** Queues a read; it sees every transaction queued before it, committed. */
  read<T>(run: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#jobs.push({ kind: 'read', run, resolve: resolve as (value: unknown) => void, reject });
      this.#kick();
    });
  }

  /** Resolves once every job queued so far has finished. */
  async drain(): Promise<void> {
    while (this.#running) await this.#running;
  }

  #kick(): void {
    this.#running ??= this.#loop();
  }

  async #loop(): Promise<void> {
    // `#running` is cleared in the same step that finds the queue empty, so a job queued after it is never left waiting
    for (let job = this.#jobs.shift(); job; job = this.#jobs.shift() ?? this.#stop()) {
      if (job.kind === 'read') {
        try {
          job.resolve(await job.run());
        } catch (error) {
          job.reject(error);
        }
      } else {
        await this.#group(job);
      }
    }
  }

  #stop(): undefined {
    this.#running = null;
    return undefined;
  }

  /** Runs `first` and the transactions queued behind it under one commit. */
  async #group(first: Extract<Job, { kind: 'transaction' }>): Promise<void> {
    const done: Done[] = [];
    try {
      this.#sql.begin.run();
    } catch (error) {
      first.reject(error);
      return;
    }
    let taken = 0;
    for (let job: Job | undefined = first; job; job = await this.#nextInGroup(++taken)) {
      this.#sql.savepoint.run();
      try {
        const value = await job.run();
        this.#sql.release.run();
        done.push({ job, value });
      } catch (error) {
        job.reject(error);
        if (!this.db.inTransaction) {
          // SQLite rolled the whole transaction back (an I/O error, a full disk): the group is lost
          for (const { job: lost } of done) lost.reject(error);
          return;
        }
        this.#sql.rollbackTo.run();
        this.#sql.release.run();
      }
    }
    try {
      this.#sql.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.#sql.rollback.run();
      for (const { job } of done) job.reject(error);
      return;
    }
    for (const { job, value } of done) {
      if (job.afterCommit) {
        try {
          job.afterCommit(value, numbered);
        } catch (error) {
          this.onAfterCommitError(error);
        }
      }
      job.resolve(value);
    }
    try {
      this.committed();
    } catch (error) {
      this.onAfterCommitError(error);
    }
  }

  /**
   * The next transaction to add to the open group, waiting one turn for one if none is queued; undefined to commit now.
   */
  async #nextInGroup(size: number): Promise<Extract<Job, { kind: 'transaction' }> | undefined> {
    if (size >= MAX_GROUP) return undefined;
    if (this.#jobs.length === 0) await nextTurn();
    const next = this.#jobs[0];
    if (next?.kind !== 'transaction') return undefined;
    this.#jobs.shift();
    return next;
  }
}

import type { SeqOf, Tx } from '../storage';

/** Most transactions one group takes (the rest wait for the next). */
export const MAX_GROUP = 64;

/** A transaction waiting for its group, and how to settle it. */
export interface GroupedJob<T = unknown> {
  fn: (tx: Tx) => Promise<T>;
  afterCommit?: (value: T, seqOf: SeqOf) => void;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs the transactions given the same group key (the row they all lock first: a conversation) one
 * group at a time per key, in this process. While a key's group runs (until `run` answers: once its
 * COMMIT is sent), the transactions that come for that key wait here — not on the row's lock, holding
 * a pooled connection each — and then run together as the next group: one transaction, one commit,
 * for all of them. Groups of different keys run side by side.
 */
export class RowGroups {
  /** The transactions waiting, by key; a key is present while a group of it runs. */
  #waiting = new Map<string, GroupedJob[]>();

  constructor(private readonly run: (jobs: readonly GroupedJob[]) => Promise<void>) {}

  /** Queues `job` behind the group of `key` under way, or starts a group with it. */
  add(key: string, job: GroupedJob): void {
    const waiting = this.#waiting.get(key);
    if (waiting) {
      waiting.push(job);
      return;
    }
    this.#waiting.set(key, [job]);
    void this.#loop(key);
  }

  async #loop(key: string): Promise<void> {
    const waiting = this.#waiting.get(key) as GroupedJob[];
    while (waiting.length > 0) {
      const jobs = waiting.splice(0, MAX_GROUP);
      try {
        await this.run(jobs);
      } catch (error) {
        for (const job of jobs) job.reject(error); // `run` settles its jobs: only a bug gets here
      }
    }
    this.#waiting.delete(key);
  }
}

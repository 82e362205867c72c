import type { SeqOf, Tx } from '../storage';

/**
 * Most transactions one group takes (the rest wait for the next). Each runs in a savepoint, a
 * subtransaction: PostgreSQL keeps up to 64 of a transaction's in shared memory, past which every
 * other transaction's snapshot checks get slower (subtransaction overflow); the group's own top level
 * and a margin stay under it.
 */
export const MAX_GROUP = 48;

/** A transaction waiting for its group, and how to settle it. */
export interface GroupedJob<T = unknown> {
  fn: (tx: Tx) => Promise<T>;
  afterCommit?: (value: T, seqOf: SeqOf) => void;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** A job and its key: the row it locks first (a conversation). */
export interface KeyedJob {
  key: string;
  job: GroupedJob;
}

/**
 * Runs keyed transactions (each names the row it locks first: a conversation) in groups, each group
 * one transaction of the process: group commit across keys. At most `lanes` groups run at a time,
 * each until its COMMIT is sent (`run` answers then); the transactions that come meanwhile wait
 * here, and a lane that frees takes every waiting one, in arrival order, whose key no running group
 * holds — at most {@link MAX_GROUP}. So a key's transactions run in arrival order, one group at a
 * time (the next group's lock on the row waits in PostgreSQL for the previous commit), and a key
 * never waits on another group of this process for its row lock while holding a connection.
 */
export class RowGroups {
  /** The transactions waiting, in arrival order. */
  #waiting: KeyedJob[] = [];
  /** The keys of the groups running (until their COMMIT is sent). */
  #busy = new Set<string>();
  #lanes = 0;

  /**
   * @param lanes groups run at a time, each until it has sent its COMMIT (the pool's size: a group
   *   takes one connection). Fewer lanes, bigger groups: the transactions that come while every lane
   *   is busy wait here, and the next free lane takes them all.
   * @param run runs a group, settles its jobs, and answers once its COMMIT is sent.
   */
  constructor(
    private readonly lanes: number,
    private readonly run: (jobs: readonly KeyedJob[]) => Promise<void>
  ) {}

  /** Queues `job` for the next group that may take `key`, and starts one if a lane is free. */
  add(key: string, job: GroupedJob): void {
    this.#waiting.push({ key, job });
    this.#pump();
  }

  #pump(): void {
    while (this.#lanes < this.lanes) {
      const group = takeGroup(this.#waiting, this.#busy);
      if (group.length === 0) return;
      this.#lanes++;
      for (const { key } of group) this.#busy.add(key);
      void this.run(group)
        .catch((error: unknown) => {
          for (const { job } of group) job.reject(error); // `run` settles its jobs: only a bug gets here
        })
        .finally(() => {
          for (const { key } of group) this.#busy.delete(key);
          this.#lanes--;
          this.#pump();
        });
    }
  }
}

/**
 * Takes the next group out of `waiting` (in place): in arrival order, the jobs whose key is not in
 * `busy`, at most {@link MAX_GROUP}.
 */
export function takeGroup(waiting: KeyedJob[], busy: ReadonlySet<string>): KeyedJob[] {
  const group: KeyedJob[] = [];
  const left: KeyedJob[] = [];
  for (const entry of waiting) {
    if (group.length < MAX_GROUP && !busy.has(entry.key)) group.push(entry);
    else left.push(entry);
  }
  waiting.splice(0, waiting.length, ...left);
  return group;
}

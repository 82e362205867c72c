import type { Database } from 'better-sqlite3';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Commits between two checkpoints. */
export const COMMITS_PER_CHECKPOINT = 32;
/** The WAL's size, in pages, from which checkpoints follow each other until one catches up (the WAL starts over). */
export const CHASE_PAGES = 1000;
/**
 * The WAL's size, in pages, past which the writing connection checkpoints itself after a commit (SQLite's
 * `wal_autocheckpoint`): a backstop, reached only if the thread's checkpoints fall behind. SQLite's default is 1000.
 */
export const BACKSTOP_PAGES = 4000;

/**
 * The thread's program (CommonJS, given as text: it needs no file of its own in the package): opens the database,
 * answers each `checkpoint` with a PASSIVE checkpoint's outcome, closes on `close`.
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const Database = createRequire(workerData.from)('better-sqlite3');
const db = new Database(workerData.path);
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
  } else {
    let outcome;
    try {
      outcome = checkpoint.get();
    } catch {
      outcome = { busy: 1, log: 0, checkpointed: 0 }; // tried again after the next commits
    }
    parentPort.postMessage(outcome);
  }
});
`;

/** What `PRAGMA wal_checkpoint` answers: the WAL's frames, and how many of them are in the database now. */
interface Outcome {
  busy: number;
  log: number;
  checkpointed: number;
}

/**
 * Where the thread can require better-sqlite3 from (it cannot import it as this module does): the program's own
 * file, else the working directory.
 */
function requireBase(): string | null {
  for (const from of [process.argv[1], resolve('package.json')]) {
    if (!from) continue;
    try {
      createRequire(resolve(from)).resolve('better-sqlite3');
      return resolve(from);
    } catch {
      // not from there
    }
  }
  return null;
}

/**
 * Keeps an SQLite database's WAL from growing without holding the event loop: SQLite's own checkpoint runs inside
 * the commit that crosses `wal_autocheckpoint` (1000 pages, every few dozen sends) — it copies those pages into
 * the database file and syncs it while the loop waits. Here a connection on a thread of its own makes a PASSIVE
 * checkpoint every {@link COMMITS_PER_CHECKPOINT} commits (at once again while one fell behind: the WAL starts
 * over only after a checkpoint that caught up with it), and the writing connection's own is a backstop at
 * {@link BACKSTOP_PAGES}. Where the thread cannot load better-sqlite3, the writing connection keeps SQLite's
 * default.
 */
export class Checkpointer {
  #worker: Worker | null = null;
  #commits = 0;
  #busy = false;
  #behind = false;
  #unavailable = false;
  #closed = false;

  constructor(
    private readonly db: Database,
    private readonly path: string
  ) {
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    // started now, before the commits: starting a thread holds the loop for milliseconds
    this.#start();
  }

  /** Told after each commit. */
  committed(): void {
    this.#commits++;
    if (this.#busy || this.#unavailable || this.#closed) return;
    if (this.#commits >= COMMITS_PER_CHECKPOINT || this.#behind) this.#checkpoint();
  }

  /** Stops the thread (after the checkpoint under way), so that the writing connection is the last to close. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = null;
    // held by the loop until it has exited (unreferenced, the process could end while close waits on it)
    worker.ref();
    await new Promise<void>((done) => {
      worker.once('exit', () => done());
      worker.postMessage('close');
    });
  }

  #checkpoint(): void {
    if (!this.#worker) return;
    this.#busy = true;
    this.#commits = 0;
    this.#worker.postMessage('checkpoint');
  }

  #start(): void {
    const from = requireBase();
    if (from === null) return this.#fallBack();
    const worker = new Worker(PROGRAM, { eval: true, workerData: { from, path: this.path } });
    worker.unref();
    worker.on('message', (outcome: Outcome) => {
      this.#busy = false;
      // commits during the checkpoint are past what it copied: the WAL starts over only once one copies it all
      this.#behind = (outcome.checkpointed < outcome.log || this.#commits > 0) && outcome.log >= CHASE_PAGES;
      if (this.#behind && !this.#closed) this.#checkpoint();
    });
    worker.on('error', () => {
      this.#worker = null;
      this.#fallBack();
    });
    this.#worker = worker;
  }

  /** Checkpoints as SQLite does by default, in the writing connection. */
  #fallBack(): void {
    this.#unavailable = true;
    this.#busy = false;
    if (!this.#closed) this.db.pragma('wal_autocheckpoint = 1000');
  }
}

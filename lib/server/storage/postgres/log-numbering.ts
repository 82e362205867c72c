import type { Client, Pool } from 'pg';
import type { JSONValue } from '../../../protocol';
import { MEMBERSHIP_EVENTS, applyMembershipChange, membershipChange } from '../memberships';
import { PgDriver } from './pg-driver';

/** Most events one numbering transaction takes (the rest wait for the next). */
const BATCH = 5000;
/** Failed numbering transactions in a row after which the waiting writes fail. */
const MAX_FAILURES = 20;
/** Pause after a failed numbering transaction, times the failures in a row. */
const RETRY_MS = 50;

/** The advisory lock that serializes numbering (in every process on the database). */
const NUMBERING_LOCK = 0x72786302;
/**
 * Starts a numbering transaction and takes the numbering lock until it ends, in one round trip. An
 * advisory lock rather than the head's row lock: a numbering that finds nothing to number has
 * written nothing, and ends without a commit to flush.
 */
const BEGIN_LOCKED = `BEGIN; SELECT pg_advisory_xact_lock(${NUMBERING_LOCK})`;
/**
 * Numbers the committed events that have no seq yet, at most `$1`, in id order, after the head (read
 * by this statement, which starts once the lock is held: it sees the last numbering committed);
 * moves the head past them; answers them (with the data of those that change a membership), and the
 * seqs other transactions gave those of the ids in the JSON array `$2` numbered before.
 */
const NUMBER = `
  WITH head AS (SELECT head FROM event_log), batch AS (
    SELECT id, row_number() OVER (ORDER BY id) AS n FROM events WHERE seq IS NULL ORDER BY id LIMIT $1
  ), numbered AS (
    UPDATE events e SET seq = (SELECT head FROM head) + b.n FROM batch b WHERE e.id = b.id
    RETURNING e.id, e.seq, e.name, e.conversation_sid,
      CASE WHEN e.name IN (${MEMBERSHIP_EVENTS.map((name) => `'${name}'`).join(', ')}) THEN e.data END AS data
  ), moved AS (
    UPDATE event_log SET head = head + (SELECT COUNT(*) FROM batch) WHERE EXISTS (SELECT 1 FROM batch)
  )
  SELECT id, seq, name, conversation_sid, data FROM numbered
  UNION ALL
  SELECT id, seq, NULL, NULL, NULL FROM events
  WHERE id IN (SELECT CAST(jsonb_array_elements_text(CAST($2 AS JSONB)) AS BIGINT)) AND seq IS NOT NULL`;
/** Whether any committed event waits for its seq. */
const ANY_UNNUMBERED = `SELECT EXISTS (SELECT 1 FROM events WHERE seq IS NULL) AS waiting`;

interface NumberedRow {
  id: number;
  seq: number;
  /** Null for a row numbered by another transaction before. */
  name: string | null;
  conversation_sid: string | null;
  data: string | null;
}

interface Waiter {
  refs: readonly number[];
  resolve: (seqs: ReadonlyMap<number, number>) => void;
  reject: (error: unknown) => void;
}

/**
 * Gives committed events their seqs, for one process. Writers append events without a seq (under
 * a provisional id from a sequence) and commit side by side, holding no lock but those of the rows
 * they change; then they ask for their events' seqs here. One numbering transaction at a time per
 * process (an advisory lock serializes those of every process) numbers every committed event
 * that waits, in id order, and answers every writer that asked meanwhile: group commit for the log.
 *
 * Why the log stays exact: a numbering transaction sees every event committed before it took the
 * lock, so seq order agrees with commit order for the transactions that matter. Two transactions
 * that change the same row (every change inside a conversation locks the conversation) take
 * their ids in their commit order, so the later one's events are numbered after the earlier one's;
 * the seqs have no gap (a failed numbering gives them back), and a snapshot that holds seq n
 * holds every seq below it (they are written, with the head, in one transaction). Memberships are
 * opened and closed here, at the seq of the event that changes them.
 */
export class LogNumbering {
  #waiting: Waiter[] = [];
  #sweepAsked = false;
  #running: Promise<void> | null = null;
  /** The numbering's own connection, opened on first use and again after a failure. */
  #client: Promise<Client> | null = null;

  /**
   * @param pool the writers' pool: only the sweep's small read uses it.
   * @param connect opens the connection numbering transactions run on (pipelined): one of its own,
   *   outside the pool, so that a numbering never queues behind the writes it numbers for a pooled
   *   connection.
   */
  constructor(
    private readonly pool: Pool,
    private readonly connect: () => Promise<Client>,
    private readonly onError: (error: unknown) => void
  ) {}

  /** The seqs of committed events by ref, once every one of `refs` is numbered. */
  seqsOf(refs: readonly number[]): Promise<ReadonlyMap<number, number>> {
    if (refs.length === 0) return Promise.resolve(new Map());
    return new Promise((resolve, reject) => {
      this.#waiting.push({ refs, resolve, reject });
      this.#kick();
    });
  }

  /**
   * Numbers the events that wait though no writer asks for them (their writer died between its
   * commit and its numbering): called now and then, costs one small read when none wait.
   */
  async sweep(): Promise<void> {
    const { rows } = await this.pool.query<{ waiting: boolean }>(ANY_UNNUMBERED);
    if (!rows[0]?.waiting) return;
    this.#sweepAsked = true;
    this.#kick();
    await this.#running;
  }

  /** Waits for the numbering under way, then closes the numbering's connection. */
  async drain(): Promise<void> {
    while (this.#running) await this.#running;
    const client = this.#client;
    this.#client = null;
    if (client) await client.then((opened) => opened.end()).catch(() => undefined);
  }

  #kick(): void {
    if (this.#running) return;
    this.#running = this.#loop().finally(() => (this.#running = null));
  }

  async #loop(): Promise<void> {
    let failures = 0;
    while (this.#waiting.length > 0 || this.#sweepAsked) {
      const batch = this.#waiting.splice(0);
      this.#sweepAsked = false;
      let seqs: Map<number, number>;
      let numberedAny: boolean;
      try {
        ({ seqs, numberedAny } = await this.#number(batch.flatMap((waiter) => waiter.refs)));
        failures = 0;
      } catch (error) {
        this.onError(error);
        if (++failures >= MAX_FAILURES) {
          for (const waiter of batch) waiter.reject(error);
          failures = 0;
        } else {
          this.#waiting.unshift(...batch);
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS * failures));
        }
        continue;
      }
      for (const waiter of batch) {
        if (waiter.refs.every((ref) => seqs.has(ref))) waiter.resolve(seqs);
        else if (numberedAny)
          this.#waiting.push(waiter); // past this batch's size: the next one
        else waiter.reject(new Error(`events ${waiter.refs.join(', ')} are not in the log`));
      }
    }
  }

  /**
   * One numbering transaction: the seqs it gave and those of `refs` numbered before. A failure closes
   * the connection (which ends the transaction and its lock): the next numbering opens another.
   */
  async #number(refs: readonly number[]): Promise<{ seqs: Map<number, number>; numberedAny: boolean }> {
    this.#client ??= this.connect().then((client) => {
      client.on('error', () => undefined); // its next query fails too, and it is replaced
      return client;
    });
    const opening = this.#client;
    try {
      const client = await opening;
      // one round trip: the connection pipelines, and a NUMBER sent behind a failed lock fails too
      const [, { rows }] = await Promise.all([
        client.query(BEGIN_LOCKED),
        client.query<NumberedRow>({ name: 'rxc_numberEvents', text: NUMBER, values: [BATCH, JSON.stringify(refs)] })
      ]);
      const numbered = rows.filter((row) => row.name !== null).sort((a, b) => a.seq - b.seq);
      const db = new PgDriver(client);
      for (const row of numbered) {
        if (row.data === null) continue;
        const change = membershipChange(row.name as string, row.conversation_sid, JSON.parse(row.data) as JSONValue);
        if (change) await applyMembershipChange(db, change, row.seq);
      }
      await client.query('COMMIT');
      return { seqs: new Map(rows.map((row) => [row.id, row.seq])), numberedAny: numbered.length > 0 };
    } catch (error) {
      if (this.#client === opening) this.#client = null;
      void opening.then((client) => client.end()).catch(() => undefined);
      throw error;
    }
  }
}

import type { Logger } from '../options';
import type { DeliveryRecord, OutboxRecord } from '../storage/records';
import type { Storage, Tx } from '../storage/storage';
import { type RetryPolicy, retryDelay } from './backoff';
import { createSigner } from './signature';
import { WebhookCallFailed, type WebhookHttp } from './webhook-http';

/** Settings of the outbox's delivery. */
export interface OutboxDeliveryOptions {
  /** Who holds a leased call (this process). */
  owner: string;
  /** How often the outbox is looked at when nothing woke the delivery. */
  pollIntervalMs: number;
  /** How long a leased call is held before another process may take it. */
  leaseMs: number;
  /** How long a receiver has to answer. */
  timeoutMs: number;
  retry: RetryPolicy;
  /** Ordering keys delivered at once, and calls of each leased at a time. */
  keysPerBatch: number;
  callsPerKey: number;
}

/** What the delivery has done since this process started. */
export interface DeliveryStats {
  delivered: number;
  failedAttempts: number;
  dropped: number;
}

/** The outcome of one key's calls, written back with the next leasing. */
interface BatchOutcome {
  done: number[];
  retries: { id: number; attempts: number; next: number }[];
  released: number[];
  log: Omit<DeliveryRecord, 'id'>[];
}

/**
 * Delivers the outbox's post-event webhook calls: leases the due calls (each held by one process
 * at a time, across a cluster), POSTs each signed (Standard Webhooks) with its stable id, one
 * after another per ordering key (the webhook and the conversation), each key on its own (a slow
 * receiver holds up only its keys), and writes each key's outcome back. A call that fails (no
 * answer in time, or not 2xx) is retried with exponential backoff and jitter, and the calls
 * behind it wait; after `retry.retryForMs` it is dropped. At least once: a process that dies
 * mid-delivery leaves its calls to be taken again once their lease ends. Every attempt but a
 * first-time success goes to the delivery log. The outcomes of the keys that finished are written
 * back together, in the transaction that leases the next calls (one transaction for many keys,
 * where a transaction each would queue behind the sends' commits).
 */
export class OutboxDelivery {
  readonly stats: DeliveryStats = { delivered: 0, failedAttempts: 0, dropped: 0 };
  private readonly sign = createSigner();
  private readonly stop = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private leasing: Promise<void> | null = null;
  private woken = false;
  /** The ordering keys being delivered: each runs on its own, so a slow receiver holds up only its key. */
  private readonly delivering = new Set<Promise<void>>();
  /** The outcomes of the keys delivered, not yet written back (their calls stay leased until they are). */
  private outcomes: BatchOutcome[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly http: WebhookHttp,
    /** The secrets to sign with now. */
    private readonly secrets: () => Promise<readonly string[]>,
    private readonly options: OutboxDeliveryOptions,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random
  ) {}

  /** Starts looking at the outbox. */
  start(): void {
    this.schedule(0);
  }

  /** New calls were written, or a key's calls went out: look now (or right after the leasing under way). */
  wake(): void {
    if (this.stop.signal.aborted) return;
    if (this.leasing) this.woken = true;
    else this.schedule(0);
  }

  /** Stops: calls in flight are abandoned (released, not counted as attempts) and written back. */
  async close(): Promise<void> {
    this.stop.abort();
    if (this.timer) clearTimeout(this.timer);
    await this.leasing;
    await Promise.all(this.delivering);
    const outcomes = this.outcomes.splice(0);
    if (outcomes.length === 0) return;
    await this.storage
      .transaction((tx) => this.writeBack(tx, outcomes))
      .catch((error) => this.logger.error('writing back webhook deliveries failed', error));
  }

  private schedule(delayMs: number): void {
    if (this.stop.signal.aborted) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.leasing) this.leasing = this.lease().finally(() => (this.leasing = null));
    }, delayMs);
    this.timer.unref();
  }

  /** Leases due calls while there are some and room for their keys; each key is delivered on its own. */
  private async lease(): Promise<void> {
    try {
      for (;;) {
        this.woken = false;
        const room = this.options.keysPerBatch - this.delivering.size;
        if (this.stop.signal.aborted || room <= 0) return; // a key that finishes wakes the leasing
        const leased = await this.leaseCalls(room);
        if (leased === 0 && !this.woken) break;
      }
    } catch (error) {
      this.logger.error('delivering webhook calls failed', error);
    }
    this.schedule(this.options.pollIntervalMs);
  }

  /**
   * Writes back the outcomes of the keys delivered and leases calls of at most `keys` ordering
   * keys, in one transaction, and starts delivering them; answers how many it leased.
   */
  private async leaseCalls(keys: number): Promise<number> {
    const { owner, leaseMs, callsPerKey } = this.options;
    const leasedAt = this.now();
    const leaseUntil = leasedAt + leaseMs;
    const outcomes = this.outcomes.splice(0);
    let leased: OutboxRecord[];
    try {
      leased = await this.storage.transaction(async (tx) => {
        await this.writeBack(tx, outcomes);
        return tx.leaseOutbox(leasedAt, leaseUntil, owner, keys, callsPerKey);
      });
    } catch (error) {
      this.outcomes.unshift(...outcomes); // written with the next leasing; the calls stay leased meanwhile
      throw error;
    }
    if (leased.length === 0) return 0;
    const secrets = await this.secrets();
    const byKey = new Map<string, OutboxRecord[]>();
    for (const call of leased) byKey.set(call.orderingKey, [...(byKey.get(call.orderingKey) ?? []), call]);
    // stop a key's calls well before the lease ends, so no other process takes them while they go out
    const deadline = leaseUntil - Math.min(leaseMs / 2, this.options.timeoutMs * 2);
    for (const calls of byKey.values()) {
      const task: Promise<void> = this.deliverKey(calls, secrets, deadline).finally(() => {
        this.delivering.delete(task);
        this.wake();
      });
      this.delivering.add(task);
    }
    return leased.length;
  }

  /** Writes the outcomes of delivered keys: done calls removed, failed ones rescheduled, the rest released. */
  private async writeBack(tx: Tx, outcomes: readonly BatchOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const { owner } = this.options;
    await tx.completeOutbox(
      outcomes.flatMap((outcome) => outcome.done),
      owner
    );
    for (const outcome of outcomes)
      for (const retry of outcome.retries) await tx.retryOutbox(retry.id, owner, retry.attempts, retry.next);
    await tx.releaseOutbox(
      outcomes.flatMap((outcome) => outcome.released),
      owner
    );
    await tx.insertDeliveries(outcomes.flatMap((outcome) => outcome.log));
  }

  /** Delivers one key's calls; its outcome is written back with the next leasing. */
  private async deliverKey(calls: OutboxRecord[], secrets: readonly string[], deadline: number): Promise<void> {
    const outcome: BatchOutcome = { done: [], retries: [], released: [], log: [] };
    await this.deliverInOrder(calls, secrets, deadline, outcome);
    this.outcomes.push(outcome);
  }

  /** Delivers one key's calls in order, stopping at the first failure (the rest wait for it). */
  private async deliverInOrder(
    calls: OutboxRecord[],
    secrets: readonly string[],
    deadline: number,
    outcome: BatchOutcome
  ): Promise<void> {
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i];
      if (this.stop.signal.aborted || this.now() >= deadline) {
        outcome.released.push(...calls.slice(i).map((c) => c.id));
        return;
      }
      const attempt = call.attempts + 1;
      const started = this.now();
      const result = await this.post(call, secrets);
      if (result === 'abandoned') {
        outcome.released.push(...calls.slice(i).map((c) => c.id));
        return;
      }
      const entry = {
        messageId: call.messageId,
        webhookSid: call.webhookSid,
        eventType: call.eventType,
        attempt,
        status: result.status,
        error: result.error,
        durationMs: this.now() - started,
        createdAt: started
      };
      if (result.error === null) {
        this.stats.delivered++;
        outcome.done.push(call.id);
        if (attempt > 1) outcome.log.push({ ...entry, outcome: 'delivered' });
        continue;
      }
      this.stats.failedAttempts++;
      if (this.now() - call.createdAt >= this.options.retry.retryForMs) {
        this.stats.dropped++;
        this.logger.warn(
          `webhook call ${call.messageId} (${call.eventType}) to ${call.url} ` +
            `dropped after ${attempt} attempts: ${result.error}`
        );
        outcome.done.push(call.id);
        outcome.log.push({ ...entry, outcome: 'dropped' });
      } else {
        outcome.retries.push({
          id: call.id,
          attempts: attempt,
          next: this.now() + retryDelay(attempt, this.options.retry, this.random())
        });
        outcome.log.push({ ...entry, outcome: 'failed' });
      }
      outcome.released.push(...calls.slice(i + 1).map((c) => c.id));
      return;
    }
  }

  /** One signed POST: its status and error (null: delivered), or `abandoned` when the server is closing. */
  private async post(
    call: OutboxRecord,
    secrets: readonly string[]
  ): Promise<{ status: number | null; error: string | null } | 'abandoned'> {
    try {
      const { status } = await this.http.call({
        url: call.url,
        method: call.method,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'rx-conversations-webhooks',
          ...this.sign(secrets, call.messageId, new Date(this.now()), call.payload)
        },
        body: call.payload,
        timeoutMs: this.options.timeoutMs,
        signal: this.stop.signal
      });
      return status >= 200 && status <= 299 ? { status, error: null } : { status, error: `HTTP ${status}` };
    } catch (error) {
      if (this.stop.signal.aborted) return 'abandoned';
      return { status: null, error: error instanceof WebhookCallFailed ? error.message : String(error) };
    }
  }
}

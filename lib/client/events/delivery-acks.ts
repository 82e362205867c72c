import type { SchedulerLike, Subscription } from 'rxjs';
import { messageAt } from '../store/chunks';
import { after } from '../util/scheduler';
import type { PublishedBatch } from './pipeline';

/**
 * Acknowledges received messages to the server (`ackDelivery`), so the others' delivery receipts
 * move: per conversation at most once per interval, always the newest index received, only
 * forward. A burst of 100 messages costs one or two acknowledgements.
 */
export class DeliveryAcks {
  readonly #wanted = new Map<string, number>();
  readonly #sent = new Map<string, number>();
  readonly #lastAt = new Map<string, number>();
  readonly #timers = new Map<string, Subscription>();

  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly intervalMs: number,
    private readonly send: (conversationSid: string, index: number) => Promise<void>
  ) {}

  /** A batch was published: someone else's messages added in joined conversations are acknowledged. */
  published({ state, events }: PublishedBatch): void {
    for (const event of events) {
      if (event.type !== 'messageAdded' || state.conversations[event.conversationSid]?.status !== 'joined') continue;
      const message = messageAt(state.messages[event.conversationSid], event.index) ?? event.message;
      if (message === undefined || message.author === state.session.identity) continue;
      this.#note(event.conversationSid, event.index);
    }
  }

  /** Stops every timer (shutdown). */
  clear(): void {
    for (const timer of this.#timers.values()) timer.unsubscribe();
    this.#timers.clear();
    this.#wanted.clear();
  }

  #note(conversationSid: string, index: number): void {
    if (index <= (this.#wanted.get(conversationSid) ?? this.#sent.get(conversationSid) ?? -1)) return;
    this.#wanted.set(conversationSid, index);
    if (this.#timers.has(conversationSid)) return;
    const wait = (this.#lastAt.get(conversationSid) ?? -Infinity) + this.intervalMs - this.scheduler.now();
    this.#timers.set(
      conversationSid,
      after(this.scheduler, Math.max(0, wait), () => this.#flush(conversationSid))
    );
  }

  #flush(conversationSid: string): void {
    this.#timers.delete(conversationSid);
    const index = this.#wanted.get(conversationSid);
    this.#wanted.delete(conversationSid);
    if (index === undefined || index <= (this.#sent.get(conversationSid) ?? -1)) return;
    this.#sent.set(conversationSid, index);
    this.#lastAt.set(conversationSid, this.scheduler.now());
    void this.send(conversationSid, index);
  }
}

import { messageAt } from '../store/chunks';
import type { State } from '../store/state';

/**
 * Acknowledges received messages to the server (`ackDelivery`), so the others' delivery receipts
 * move: per conversation at most once per interval, always the newest index received, only
 * forward. A burst of 100 messages costs one or two acknowledgements.
 */
export class DeliveryAcks {
  readonly #wanted = new Map<string, number>();
  readonly #sent = new Map<string, number>();
  readonly #lastAt = new Map<string, number>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly intervalMs: number,
    private readonly send: (conversationSid: string, index: number) => Promise<void>
  ) {}

  /** A message was added to the store: acknowledged if it is someone else's in a joined conversation. */
  received(state: State, conversationSid: string, index: number): void {
    if (state.conversations[conversationSid]?.status !== 'joined') return;
    const message = messageAt(state.messages[conversationSid], index);
    if (message === undefined || message.author === state.session.identity) return;
    this.note(conversationSid, index);
  }

  /** Asks for `index` to be acknowledged (coalesced with others of the conversation). */
  note(conversationSid: string, index: number): void {
    if (index <= (this.#wanted.get(conversationSid) ?? this.#sent.get(conversationSid) ?? -1)) return;
    this.#wanted.set(conversationSid, index);
    if (this.#timers.has(conversationSid)) return;
    const wait = Math.max(0, (this.#lastAt.get(conversationSid) ?? -Infinity) + this.intervalMs - Date.now());
    this.#timers.set(
      conversationSid,
      setTimeout(() => this.#flush(conversationSid), wait)
    );
  }

  #flush(conversationSid: string): void {
    this.#timers.delete(conversationSid);
    const index = this.#wanted.get(conversationSid);
    this.#wanted.delete(conversationSid);
    if (index === undefined || index <= (this.#sent.get(conversationSid) ?? -1)) return;
    this.#sent.set(conversationSid, index);
    this.#lastAt.set(conversationSid, Date.now());
    void this.send(conversationSid, index);
  }

  /** Stops every timer (shutdown). */
  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#wanted.clear();
  }
}

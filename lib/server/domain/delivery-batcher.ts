/**
 * Coalesces delivery acknowledgements: each conversation gets at most one `participantsDelivered`
 * event per interval, carrying the horizons of every participant that moved since the last one.
 * The first acknowledgement after a quiet interval goes out on the next tick; later ones wait
 * for the interval to pass. So a message read by 500 clients costs a handful of events, not 500.
 */
export class DeliveryBatcher {
  readonly #moved = new Map<string, Set<string>>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #lastFlush = new Map<string, number>();
  #closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: (conversationSid: string, participantSids: readonly string[]) => Promise<void>,
    private readonly onError: (error: unknown) => void
  ) {}

  /** A participant's delivery horizon moved (the change is committed). */
  moved(conversationSid: string, participantSid: string): void {
    if (this.#closed) return;
    let set = this.#moved.get(conversationSid);
    if (!set) this.#moved.set(conversationSid, (set = new Set()));
    set.add(participantSid);
    if (this.#timers.has(conversationSid)) return;
    const since = Date.now() - (this.#lastFlush.get(conversationSid) ?? 0);
    const timer = setTimeout(() => this.#run(conversationSid), Math.max(0, this.intervalMs - since));
    timer.unref();
    this.#timers.set(conversationSid, timer);
  }

  #run(conversationSid: string): void {
    this.#timers.delete(conversationSid);
    const moved = this.#moved.get(conversationSid);
    this.#moved.delete(conversationSid);
    if (!moved || this.#closed) return;
    this.#lastFlush.set(conversationSid, Date.now());
    this.flush(conversationSid, [...moved]).catch(this.onError);
    // forget quiet conversations, so the map does not grow with every conversation ever acked
    const forget = setTimeout(() => {
      if (
        !this.#timers.has(conversationSid) &&
        Date.now() - (this.#lastFlush.get(conversationSid) ?? 0) >= this.intervalMs
      ) {
        this.#lastFlush.delete(conversationSid);
      }
    }, this.intervalMs);
    forget.unref();
  }

  /** Stops: pending horizons are already stored, and clients read them with the roster. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#moved.clear();
  }
}

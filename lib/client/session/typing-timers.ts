/**
 * Ends remote typing indicators: each `typingStarted` (re)starts a timer of the signal's timeout
 * plus 1 s; when it runs out, `expire` is called. A message from the typer cancels it.
 */
export class TypingTimers {
  #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly expire: (conversationSid: string, participantSid: string) => void) {}

  /** A typing signal arrived. */
  started(conversationSid: string, participantSid: string, timeoutMs: number): void {
    const key = `${conversationSid}/${participantSid}`;
    const previous = this.#timers.get(key);
    if (previous) clearTimeout(previous);
    this.#timers.set(
      key,
      setTimeout(() => {
        this.#timers.delete(key);
        this.expire(conversationSid, participantSid);
      }, timeoutMs + 1000)
    );
  }

  /** Typing ended some other way (the typer's message arrived). */
  ended(conversationSid: string, participantSid: string): void {
    const key = `${conversationSid}/${participantSid}`;
    const timer = this.#timers.get(key);
    if (timer) clearTimeout(timer);
    this.#timers.delete(key);
  }

  /** Cancels every timer. */
  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}

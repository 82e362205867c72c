/**
 * Fires `aboutToExpire` a lead time before a token's expiry and `expired` at it. Rescheduled on
 * every token update. Timers longer than setTimeout's limit are chained.
 */
export class TokenTimers {
  #timers: ReturnType<typeof setTimeout>[] = [];

  constructor(
    private readonly leadMs: number,
    private readonly aboutToExpire: () => void,
    private readonly expired: () => void
  ) {}

  /** Schedules both events for a token expiring at `expiresAtMs` (ms since the epoch). */
  schedule(expiresAtMs: number): void {
    this.clear();
    const now = Date.now();
    const warnAt = expiresAtMs - this.leadMs;
    if (expiresAtMs > now) this.at(Math.max(warnAt, now), this.aboutToExpire);
    this.at(expiresAtMs, this.expired);
  }

  /** Cancels both. */
  clear(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers = [];
  }

  private at(whenMs: number, fire: () => void): void {
    const MAX = 2 ** 31 - 1;
    const wait = Math.max(0, whenMs - Date.now());
    const timer = setTimeout(() => (wait > MAX ? this.at(whenMs, fire) : fire()), Math.min(wait, MAX));
    this.#timers.push(timer);
  }
}

import type { SchedulerLike, Subscription } from 'rxjs';
import { after } from '../util/scheduler';

/** Fires `aboutToExpire` a lead time before a token's expiry and `expired` at it. Rescheduled on every token update. */
export class TokenTimers {
  #timers: Subscription[] = [];

  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly leadMs: number,
    private readonly aboutToExpire: () => void,
    private readonly expired: () => void
  ) {}

  /** Schedules both events for a token expiring at `expiresAtMs` (ms since the epoch). */
  schedule(expiresAtMs: number): void {
    this.clear();
    const now = this.scheduler.now();
    const warnAt = expiresAtMs - this.leadMs;
    if (expiresAtMs > now) this.#timers.push(after(this.scheduler, Math.max(warnAt, now) - now, this.aboutToExpire));
    this.#timers.push(after(this.scheduler, expiresAtMs - now, this.expired));
  }

  /** Cancels both. */
  clear(): void {
    for (const timer of this.#timers) timer.unsubscribe();
    this.#timers = [];
  }
}

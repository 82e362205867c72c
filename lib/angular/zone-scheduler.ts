import type { NgZone } from '@angular/core';
import { Subscription, asyncScheduler, type SchedulerAction, type SchedulerLike } from 'rxjs';

/** The longest delay a platform timer takes; longer ones are chained. */
const MAX_DELAY = 2 ** 31 - 1;

/** One piece of work on a `ZoneScheduler`; `schedule` on it runs it again, through the same zone rules. */
class ZoneAction<T> extends Subscription implements SchedulerAction<T> {
  #inner: Subscription | undefined;

  constructor(
    private readonly zone: NgZone,
    private readonly base: SchedulerLike,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void
  ) {
    super(() => this.#inner?.unsubscribe());
  }

  schedule(state?: T, delay = 0): this {
    if (this.closed) return this;
    this.#inner?.unsubscribe();
    const at = this.base.now() + delay;
    const run = (): void => {
      if (this.closed) return;
      const left = at - this.base.now();
      if (left > 0) this.#inner = this.#later(run, left);
      // work without a delay is the client's event delivery: it enters Angular's zone
      else if (delay <= 0) this.zone.run(() => this.work.call(this, state));
      // timers (heartbeats, backoff, typing, expiry, acknowledgements) stay outside it
      else this.zone.runOutsideAngular(() => this.work.call(this, state));
    };
    this.#inner = this.#later(run, delay);
    return this;
  }

  #later(run: () => void, delay: number): Subscription {
    return this.zone.runOutsideAngular(() => this.base.schedule(run, Math.min(Math.max(0, delay), MAX_DELAY)));
  }
}

/**
 * The client's scheduler under Angular: its timers are set and run outside the Angular zone, so a
 * heartbeat starts no change detection, and only event delivery (work without a delay, once per
 * batch of state changes) re-enters it. `base` keeps the time: the platform's timers by default,
 * a virtual clock in tests. With zoneless change detection the zone is a no-op and signals alone
 * schedule rendering.
 */
export class ZoneScheduler implements SchedulerLike {
  constructor(
    private readonly zone: NgZone,
    private readonly base: SchedulerLike = asyncScheduler
  ) {}

  now(): number {
    return this.base.now();
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new ZoneAction(this.zone, this.base, work).schedule(state, delay);
  }
}

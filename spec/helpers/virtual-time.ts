import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

interface Timer {
  at: number;
  seq: number;
  run: () => void;
}

class Action<T> extends Subscription implements SchedulerAction<T> {
  #timer: Timer | null = null;

  constructor(
    private readonly time: VirtualTime,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void
  ) {
    super(() => this.time.cancel(this.#timer));
  }

  schedule(state?: T, delay = 0): this {
    if (this.closed) return this;
    this.time.cancel(this.#timer);
    this.#timer = null;
    const run = (): void => {
      if (!this.closed) this.work.call(this, state);
    };
    if (delay <= 0) setImmediate(run);
    else this.#timer = this.time.at(this.time.now() + delay, run);
    return this;
  }
}

/**
 * A client scheduler for tests: work without a delay (event delivery) runs in the next real
 * macrotask, as by default; delayed work (heartbeats, typing, token expiry, backoff, request
 * timeouts) runs only when the test moves the clock with `advance`, in order of its due time.
 */
export class VirtualTime implements SchedulerLike {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];

  constructor(start = Date.now()) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new Action(this, work).schedule(state, delay);
  }

  /** How many delayed pieces of work wait. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Whether a delayed piece of work falls due exactly `ms` from now. */
  dueIn(ms: number): boolean {
    return this.#timers.some((timer) => timer.at === this.#now + ms);
  }

  /** Moves the clock `ms` forward, running what falls due on the way (and what that schedules within it). */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers[0];
      if (next === undefined || next.at > end) break;
      this.#timers.shift();
      this.#now = next.at;
      next.run();
    }
    this.#now = end;
  }

  /** @internal */
  at(at: number, run: () => void): Timer {
    const timer = { at, seq: this.#seq++, run };
    this.#timers.push(timer);
    return timer;
  }

  /** @internal */
  cancel(timer: Timer | null): void {
    if (timer === null) return;
    const index = this.#timers.indexOf(timer);
    if (index >= 0) this.#timers.splice(index, 1);
  }
}

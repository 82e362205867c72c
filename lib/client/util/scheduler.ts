import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/** The part of zone.js the client uses, when it is loaded: the zone code runs in. */
interface ZoneLike {
  run<T>(fn: () => T): T;
}

/** The zone.js zone current now, if zone.js is loaded (Angular applications load it). */
export function currentZone(): ZoneLike | undefined {
  return (globalThis as { Zone?: { current?: ZoneLike } }).Zone?.current;
}

/** Runs `fn` in zone.js's root zone (outside every application zone), or as is without zone.js. */
function outsideZones<T>(fn: () => T): T {
  const root = (globalThis as { Zone?: { root?: ZoneLike } }).Zone?.root;
  return root === undefined ? fn() : root.run(fn);
}

/** The longest delay setTimeout takes; longer ones are chained. */
const MAX_DELAY = 2 ** 31 - 1;

type Post = (fn: () => void) => void;

/** The platform's fastest macrotask: setImmediate in Node, a MessageChannel in browsers, else setTimeout. */
function macrotask(): Post {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === 'function') {
    const setImmediate = g.setImmediate;
    return (fn) => void setImmediate(fn);
  }
  if (typeof g.MessageChannel === 'function') {
    const queue: Array<() => void> = [];
    const channel = new g.MessageChannel();
    channel.port1.onmessage = () => queue.shift()?.();
    return (fn) => {
      queue.push(fn);
      channel.port2.postMessage(null);
    };
  }
  return (fn) => void setTimeout(fn, 0);
}

/** One scheduled piece of work; `schedule` on it runs it again (RxJS's SchedulerAction contract). */
class Action<T> extends Subscription implements SchedulerAction<T> {
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly owner: ClientScheduler,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void
  ) {
    super(() => clearTimeout(this.#timer));
  }

  schedule(state?: T, delay = 0): this {
    if (this.closed) return this;
    clearTimeout(this.#timer);
    if (delay <= 0) {
      // now-ish work is event delivery: in the client's zone, so the application re-renders
      this.owner.post(() => {
        if (!this.closed) this.owner.enter(() => this.work.call(this, state));
      });
      return this;
    }
    // timers (heartbeats, backoff, expiries) run outside every zone: a heartbeat re-renders nothing,
    // and an Angular application's zone can become stable; what they change reaches it as events
    const at = this.owner.now() + delay;
    const run = (): void => {
      if (this.closed) return;
      const left = at - this.owner.now();
      if (left > 0) this.#timer = outsideZones(() => setTimeout(run, Math.min(left, MAX_DELAY)));
      else this.work.call(this, state);
    };
    this.#timer = outsideZones(() => setTimeout(run, Math.min(delay, MAX_DELAY)));
    return this;
  }
}

/**
 * The client's default scheduler: work without a delay (event delivery) runs in the platform's next
 * macrotask (after the current task and its promise continuations), inside the zone.js zone that
 * was current when the client was made, so an Angular application that knows nothing of zones
 * re-renders on every event; delayed work (timers) runs on setTimeout, chained past its 24.8-day
 * limit, outside every zone.
 */
export class ClientScheduler implements SchedulerLike {
  readonly #zone = currentZone();
  /** @hidden */ readonly post: Post = macrotask();

  now(): number {
    return Date.now();
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new Action(this, work).schedule(state, delay);
  }

  /** @hidden Runs `fn` in the client's zone. */
  enter(fn: () => void): void {
    if (this.#zone) this.#zone.run(fn);
    else fn();
  }
}

/** Runs `fn` once after `delayMs` on `scheduler`; unsubscribe to cancel. */
export function after(scheduler: SchedulerLike, delayMs: number, fn: () => void): Subscription {
  return scheduler.schedule(fn, Math.max(0, delayMs));
}

/** Runs `fn` every `periodMs` on `scheduler` until unsubscribed. */
export function every(scheduler: SchedulerLike, periodMs: number, fn: () => void): Subscription {
  return scheduler.schedule(function (this: SchedulerAction<unknown>) {
    fn();
    this.schedule(undefined, periodMs);
  }, periodMs);
}

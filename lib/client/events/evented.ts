import type { Observable, Subscription } from 'rxjs';
import { badArgument } from '../errors';
import { currentZone } from '../util/scheduler';
import type { EventStreams } from './event-streams';

type Listener = (...args: never[]) => void;

/**
 * Throws `BadRequest` unless `name` is a string and `listener` a function (so a wrong argument fails here, not at emit
 * time).
 */
function checkListener(method: string, name: unknown, listener: unknown): void {
  if (typeof name !== 'string') throw badArgument(method, 'name', 'an event name', name);
  if (typeof listener !== 'function') throw badArgument(method, 'listener', 'a function', listener);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEvented = Evented<any>;

let bind: (target: AnyEvented, streams: EventStreams, scope: string, key: string) => void;
let stream: <E extends object, K extends keyof E>(target: Evented<E>, name: K) => Observable<E[K]>;

/**
 * The base of every evented object: each event is an Observable of the client's event streams
 * (by channel and this object's key), and the reference SDK's emitter methods (`on`, `once`,
 * `off`, `addListener`, `removeListener`, `removeAllListeners`) are subscriptions to the same
 * streams. `E` maps each event name to its single payload (`void` for none: such a listener is
 * called with no argument, as the reference calls it). A listener runs in the zone.js zone it was
 * added in, where zone.js is loaded.
 */
export class Evented<E extends object> {
  #streams: EventStreams | undefined;
  #scope = '';
  #key = '';
  // made on first use: most model objects (every message) are never listened to
  #made: Map<PropertyKey, Observable<unknown>> | undefined;
  #listeners: Map<PropertyKey, Map<Listener, Subscription[]>> | undefined;

  static {
    bind = (target, streams, scope, key) => {
      target.#streams = streams;
      target.#scope = scope;
      target.#key = key;
    };
    stream = <F extends object, K extends keyof F>(target: Evented<F>, name: K): Observable<F[K]> => {
      target.#made ??= new Map();
      let made = target.#made.get(name);
      if (made === undefined) {
        const channel = target.#scope === '' ? String(name) : `${target.#scope}:${String(name)}`;
        made = (target.#streams as EventStreams).stream(channel, target.#key, target);
        target.#made.set(name, made);
      }
      return made as Observable<F[K]>;
    };
  }

  /** Calls `listener` on every `name` event (the reference SDK's emitter style). */
  on<K extends keyof E & string>(name: K, listener: (payload: E[K]) => void): this {
    checkListener('on', name, listener);
    const call = inZone(listener);
    const subscription = stream(this, name).subscribe({ next: call, error: () => undefined });
    this.#track(name, listener, subscription);
    return this;
  }

  /** Same as `on`. */
  addListener<K extends keyof E & string>(name: K, listener: (payload: E[K]) => void): this {
    return this.on(name, listener);
  }

  /** Calls `listener` on the next `name` event only. */
  once<K extends keyof E & string>(name: K, listener: (payload: E[K]) => void): this {
    checkListener('once', name, listener);
    const call = inZone(listener);
    const subscription: Subscription = stream(this, name).subscribe({
      next: (payload) => {
        this.#untrack(name, listener, subscription);
        subscription.unsubscribe();
        call(payload);
      },
      error: () => undefined
    });
    if (!subscription.closed) this.#track(name, listener, subscription);
    return this;
  }

  /** Stops calling `listener` for `name` (one registration, the latest). */
  off<K extends keyof E & string>(name: K, listener: (payload: E[K]) => void): this {
    checkListener('off', name, listener);
    const subscriptions = this.#listeners?.get(name)?.get(listener);
    const subscription = subscriptions?.pop();
    if (subscription) {
      subscription.unsubscribe();
      if (subscriptions && subscriptions.length === 0) this.#listeners?.get(name)?.delete(listener);
    }
    return this;
  }

  /** Same as `off`. */
  removeListener<K extends keyof E & string>(name: K, listener: (payload: E[K]) => void): this {
    return this.off(name, listener);
  }

  /** Removes every listener of `name`, or of every event. Observable subscribers are not affected. */
  removeAllListeners(name?: keyof E & string): this {
    if (name !== undefined && typeof name !== 'string')
      throw badArgument('removeAllListeners', 'name', 'an event name', name);
    const listeners = this.#listeners;
    if (!listeners) return this;
    const names = name === undefined ? [...listeners.keys()] : [name];
    for (const key of names) {
      for (const subscriptions of listeners.get(key)?.values() ?? []) {
        for (const subscription of subscriptions) subscription.unsubscribe();
      }
      listeners.delete(key);
    }
    return this;
  }

  /** The number of emitter-style listeners of `name`. */
  listenerCount(name: keyof E & string): number {
    if (typeof name !== 'string') throw badArgument('listenerCount', 'name', 'an event name', name);
    let count = 0;
    for (const subscriptions of this.#listeners?.get(name)?.values() ?? []) {
      for (const subscription of subscriptions) if (!subscription.closed) count += 1;
    }
    return count;
  }

  #track(name: keyof E, listener: Listener, subscription: Subscription): void {
    this.#listeners ??= new Map();
    let byListener = this.#listeners.get(name);
    if (!byListener) {
      byListener = new Map();
      this.#listeners.set(name, byListener);
    }
    const list = byListener.get(listener);
    if (list) list.push(subscription);
    else byListener.set(listener, [subscription]);
  }

  #untrack(name: keyof E, listener: Listener, subscription: Subscription): void {
    const list = this.#listeners?.get(name)?.get(listener);
    if (!list) return;
    const at = list.indexOf(subscription);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.#listeners?.get(name)?.delete(listener);
  }
}

/** A listener as the reference calls it (no argument for an event without payload), in the zone it was added in. */
function inZone<T>(listener: (payload: T) => void): (payload: T) => void {
  const call = (payload: T): void => (payload === undefined ? (listener as () => void)() : listener(payload));
  const zone = currentZone();
  return zone === undefined ? call : (payload) => zone.run(() => call(payload));
}

/**
 * Connects an evented object to the client's streams, under its scope (`conversation`, ...; '' for the client) and key.
 */
export function bindEvents(target: AnyEvented, streams: EventStreams, scope: string, key: string): void {
  bind(target, streams, scope, key);
}

/** The Observable of one of an object's events (made once, then shared). */
export function eventStream<E extends object, K extends keyof E>(target: Evented<E>, name: K): Observable<E[K]> {
  return stream(target, name);
}

/**
 * Defines an evented class's events: for each name, the `name$` getter of its objects (their
 * stream) and the class's constant `name` (the reference's `Client.messageAdded`).
 */
export function defineEvents<E extends object>(
  target: abstract new (...args: never[]) => Evented<E>,
  names: readonly (keyof E & string)[]
): void {
  for (const name of names) {
    Object.defineProperty(target, name, { value: name, enumerable: true });
    Object.defineProperty(target.prototype, `${name}$`, {
      get(this: Evented<E>) {
        return stream(this, name);
      },
      configurable: true
    });
  }
}

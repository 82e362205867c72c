import { EMPTY, Subject, type Observable, type Subscription } from 'rxjs';
import { badArgument } from '../errors';

type Listener = (...args: never[]) => void;

/** Throws `BadRequest` unless `name` is an event name and `listener` a function (so a typo fails here, not at emit time). */
function checkListener(method: string, name: unknown, listener: unknown): void {
  if (typeof name !== 'string') throw badArgument(method, 'name', 'an event name', name);
  if (typeof listener !== 'function') throw badArgument(method, 'listener', 'a function', listener);
}

/**
 * The base of every evented object: each event is an Observable (`event$(name)`, created on
 * first use), and the reference SDK's emitter methods (`on`, `once`, `off`, `addListener`,
 * `removeListener`, `removeAllListeners`) are thin subscriptions over the same streams.
 * `E` maps each event name to its single payload (`void` for none).
 */
export class Evented<E extends object> {
  // made on first use: most model objects (every message) are never listened to
  #subjects: Map<keyof E, Subject<unknown>> | undefined;
  #listeners: Map<keyof E, Map<Listener, Subscription[]>> | undefined;
  #completed = false;

  /** The Observable of one event. Completes when the owner is shut down. */
  protected event$<K extends keyof E>(name: K): Observable<E[K]> {
    if (this.#completed) return EMPTY;
    this.#subjects ??= new Map();
    let subject = this.#subjects.get(name);
    if (!subject) {
      subject = new Subject<unknown>();
      this.#subjects.set(name, subject);
    }
    return subject as Observable<E[K]>;
  }

  /** @internal Emits an event to its subscribers, if there are any. */
  _emit<K extends keyof E>(name: K, ...payload: E[K] extends void ? [] : [E[K]]): void {
    const subject = this.#subjects?.get(name);
    if (subject && subject.observed) subject.next(payload[0]);
  }

  /** @internal Whether anyone listens to `name` (so the client can skip building payloads). */
  _observed(name: keyof E): boolean {
    return this.#subjects?.get(name)?.observed === true;
  }

  /** @internal Completes every event stream and drops every listener. */
  _complete(): void {
    this.#completed = true;
    for (const subject of this.#subjects?.values() ?? []) subject.complete();
    this.#subjects?.clear();
    this.#listeners?.clear();
  }

  /** Calls `listener` on every `name` event (the reference SDK's emitter style). */
  on<K extends keyof E & string>(name: K, listener: (payload: E[K]) => void): this {
    checkListener('on', name, listener);
    const subscription = this.event$(name).subscribe((payload) => listener(payload));
    this.track(name, listener as Listener, subscription);
    return this;
  }

  /** Same as `on`. */
  addListener<K extends keyof E & string>(name: K, listener: (payload: E[K]) => void): this {
    return this.on(name, listener);
  }

  /** Calls `listener` on the next `name` event only. */
  once<K extends keyof E & string>(name: K, listener: (payload: E[K]) => void): this {
    checkListener('once', name, listener);
    const subscription = this.event$(name).subscribe((payload) => {
      this.untrack(name, listener as Listener, subscription);
      subscription.unsubscribe();
      listener(payload);
    });
    this.track(name, listener as Listener, subscription);
    return this;
  }

  /** Stops calling `listener` for `name` (one registration, the latest). */
  off<K extends keyof E & string>(name: K, listener: (payload: E[K]) => void): this {
    checkListener('off', name, listener);
    const subscriptions = this.#listeners?.get(name)?.get(listener as Listener);
    const subscription = subscriptions?.pop();
    if (subscription) {
      subscription.unsubscribe();
      if (subscriptions && subscriptions.length === 0) this.#listeners?.get(name)?.delete(listener as Listener);
    }
    return this;
  }

  /** Same as `off`. */
  removeListener<K extends keyof E & string>(name: K, listener: (payload: E[K]) => void): this {
    return this.off(name, listener);
  }

  /** Removes every listener of `name`, or of every event. Observable subscribers are not affected. */
  removeAllListeners(name?: keyof E & string): this {
    if (name !== undefined && typeof name !== 'string') throw badArgument('removeAllListeners', 'name', 'an event name', name);
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
    for (const subscriptions of this.#listeners?.get(name)?.values() ?? []) count += subscriptions.length;
    return count;
  }

  private track(name: keyof E, listener: Listener, subscription: Subscription): void {
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

  private untrack(name: keyof E, listener: Listener, subscription: Subscription): void {
    const list = this.#listeners?.get(name)?.get(listener);
    if (!list) return;
    const at = list.indexOf(subscription);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.#listeners?.get(name)?.delete(listener);
  }
}

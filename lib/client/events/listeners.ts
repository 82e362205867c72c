import type { Subscription } from 'rxjs';
import { badArgument } from '../errors';
import { currentZone } from '../util/scheduler';
import { eventStream, type EmitterPart, type Evented } from './evented';

type Listener = (...args: never[]) => void;
type Listeners = Map<PropertyKey, Map<Listener, Subscription[]>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEvented = Evented<any>;

/** Each evented object's emitter-style listeners, made on its first `on`: most objects never get one. */
const listenersOf = new WeakMap<AnyEvented, Listeners>();

/**
 * Throws `BadRequest` unless `name` is a string and `listener` a function (so a wrong argument fails here, not at emit
 * time).
 */
function checkListener(method: string, name: unknown, listener: unknown): asserts name is string {
  if (typeof name !== 'string') throw badArgument(method, 'name', 'an event name', name);
  if (typeof listener !== 'function') throw badArgument(method, 'listener', 'a function', listener);
}

/**
 * The reference SDK's emitter methods of every evented object (`on`, `once`, `off`,
 * `removeAllListeners`, `listenerCount`): subscriptions to the object's event streams, tracked by
 * name and listener.
 */
export const listeners: EmitterPart = {
  on(target, name, listener) {
    checkListener('on', name, listener);
    const call = inZone(listener);
    const subscription = eventStream(target, name).subscribe({ next: call, error: () => undefined });
    track(target, name, listener, subscription);
  },

  once(target, name, listener) {
    checkListener('once', name, listener);
    const call = inZone(listener);
    const subscription: Subscription = eventStream(target, name).subscribe({
      next: (payload) => {
        untrack(target, name, listener, subscription);
        subscription.unsubscribe();
        call(payload);
      },
      error: () => undefined
    });
    if (!subscription.closed) track(target, name, listener, subscription);
  },

  off(target, name, listener) {
    checkListener('off', name, listener);
    const byListener = listenersOf.get(target)?.get(name);
    const subscriptions = byListener?.get(listener);
    const subscription = subscriptions?.pop();
    if (subscription) {
      subscription.unsubscribe();
      if (subscriptions && subscriptions.length === 0) byListener?.delete(listener);
    }
  },

  removeAll(target, name) {
    if (name !== undefined && typeof name !== 'string')
      throw badArgument('removeAllListeners', 'name', 'an event name', name);
    const all = listenersOf.get(target);
    if (!all) return;
    const names = name === undefined ? [...all.keys()] : [name];
    for (const key of names) {
      for (const subscriptions of all.get(key)?.values() ?? []) {
        for (const subscription of subscriptions) subscription.unsubscribe();
      }
      all.delete(key);
    }
  },

  count(target, name) {
    if (typeof name !== 'string') throw badArgument('listenerCount', 'name', 'an event name', name);
    let count = 0;
    for (const subscriptions of listenersOf.get(target)?.get(name)?.values() ?? []) {
      for (const subscription of subscriptions) if (!subscription.closed) count += 1;
    }
    return count;
  }
};

function track(target: AnyEvented, name: PropertyKey, listener: Listener, subscription: Subscription): void {
  let all = listenersOf.get(target);
  if (!all) {
    all = new Map();
    listenersOf.set(target, all);
  }
  let byListener = all.get(name);
  if (!byListener) {
    byListener = new Map();
    all.set(name, byListener);
  }
  const list = byListener.get(listener);
  if (list) list.push(subscription);
  else byListener.set(listener, [subscription]);
}

function untrack(target: AnyEvented, name: PropertyKey, listener: Listener, subscription: Subscription): void {
  const byListener = listenersOf.get(target)?.get(name);
  const list = byListener?.get(listener);
  if (!list) return;
  const at = list.indexOf(subscription);
  if (at >= 0) list.splice(at, 1);
  if (list.length === 0) byListener?.delete(listener);
}

/** A listener as the reference calls it (no argument for an event without payload), in the zone it was added in. */
function inZone<T>(listener: (payload: T) => void): (payload: T) => void {
  const call = (payload: T): void => (payload === undefined ? (listener as () => void)() : listener(payload));
  const zone = currentZone();
  return zone === undefined ? call : (payload) => zone.run(() => call(payload));
}

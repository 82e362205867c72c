import type { Observable } from 'rxjs';
import { findPart } from '../part-registry';
import type { EventStreams } from './event-streams';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEvented = Evented<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyListener = (payload: any) => void;

/** The emitter part (`rx-conversations/emitter`): the reference's listener methods of every evented object. */
export interface EmitterPart {
  on(target: AnyEvented, name: unknown, listener: AnyListener): void;
  once(target: AnyEvented, name: unknown, listener: AnyListener): void;
  off(target: AnyEvented, name: unknown, listener: AnyListener): void;
  removeAll(target: AnyEvented, name: unknown): void;
  count(target: AnyEvented, name: unknown): number;
}

const emitter = (method: string) => findPart('emitter', method) as EmitterPart;

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

  // The reference SDK's emitter methods: subscriptions to the same streams, made by the emitter part
  // (rx-conversations/emitter; rx-conversations includes it).

  /** Calls `listener` on every `name` event (the reference SDK's emitter style). */
  on<K extends keyof E & string>(name: K, listener: (payload: E[K]) => void): this {
    emitter('on').on(this, name, listener);
    return this;
  }

  /** Same as `on`. */
  addListener<K extends keyof E & string>(name: K, listener: (payload: E[K]) => void): this {
    emitter('addListener').on(this, name, listener);
    return this;
  }

  /** Calls `listener` on the next `name` event only. */
  once<K extends keyof E & string>(name: K, listener: (payload: E[K]) => void): this {
    emitter('once').once(this, name, listener);
    return this;
  }

  /** Stops calling `listener` for `name` (one registration, the latest). */
  off<K extends keyof E & string>(name: K, listener: (payload: E[K]) => void): this {
    emitter('off').off(this, name, listener);
    return this;
  }

  /** Same as `off`. */
  removeListener<K extends keyof E & string>(name: K, listener: (payload: E[K]) => void): this {
    emitter('removeListener').off(this, name, listener);
    return this;
  }

  /** Removes every listener of `name`, or of every event. Observable subscribers are not affected. */
  removeAllListeners(name?: keyof E & string): this {
    emitter('removeAllListeners').removeAll(this, name);
    return this;
  }

  /** The number of emitter-style listeners of `name`. */
  listenerCount(name: keyof E & string): number {
    return emitter('listenerCount').count(this, name);
  }
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
  target: { readonly prototype: Evented<E> },
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

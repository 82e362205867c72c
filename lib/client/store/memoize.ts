/**
 * Memoization for selectors, after NgRx's `defaultMemoize`: the last arguments are compared by
 * reference, and an optional result equality lets an equal new result give back the old one, so
 * that `select` (distinct by reference) stays quiet.
 */

/** A selector: a plain function of the state. */
export type Selector<S, R> = (state: S) => R;

/** True when two results are interchangeable. */
export type Equality<T> = (a: T, b: T) => boolean;

/** A memoized function; `release()` forgets what it holds. */
export interface Memoized<A extends readonly unknown[], R> {
  (...args: A): R;
  /** Forgets the last arguments and result (they may hold on to old state). */
  release(): void;
}

/**
 * Memoizes `fn` on its last arguments, compared by reference. With `isResultEqual`, a new result
 * equal to the last one is dropped and the last one returned.
 */
export function memoize<A extends readonly unknown[], R>(
  fn: (...args: A) => R,
  isResultEqual?: Equality<R>
): Memoized<A, R> {
  let lastArgs: A | null = null;
  let lastResult: R;
  const memoized = (...args: A): R => {
    if (lastArgs !== null && sameArgs(lastArgs, args)) return lastResult;
    const result = fn(...args);
    const keep = lastArgs !== null && isResultEqual !== undefined && isResultEqual(lastResult, result);
    lastArgs = args;
    if (!keep) lastResult = result;
    return lastResult;
  };
  memoized.release = (): void => {
    lastArgs = null;
  };
  return memoized;
}

/** Any selector, whatever the state it takes. */
export type AnySelector = Selector<never, unknown>;

/** The values a list of selectors yields. */
export type SelectorResults<I extends readonly AnySelector[]> = {
  [K in keyof I]: I[K] extends Selector<never, infer R> ? R : never;
};

/** The state a list of selectors takes (that of the first). */
export type SelectorState<I extends readonly AnySelector[]> = I[0] extends Selector<infer S, unknown> ? S : never;

/**
 * A memoized selector from input selectors and a projector: the projector runs only when an input
 * changed (by reference), and with `isResultEqual` an equal result keeps the last reference.
 */
export function createSelector<I extends readonly [AnySelector, ...AnySelector[]], R>(
  inputs: I,
  projector: (...values: SelectorResults<I>) => R,
  isResultEqual?: Equality<R>
): Selector<SelectorState<I>, R> {
  const project = memoize((...values: SelectorResults<I>) => frozen(projector(...values)), isResultEqual);
  const select = inputs as unknown as readonly Selector<SelectorState<I>, unknown>[];
  return memoize((state: SelectorState<I>) => project(...(select.map((input) => input(state)) as SelectorResults<I>)));
}

/** Freezes an object or array (shallow: what it holds is the store's, frozen already). */
function frozen<R>(value: R): R {
  return typeof value === 'object' && value !== null ? Object.freeze(value) : value;
}

/** Arrays of the same length holding the same references in the same order. */
export function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A selector factory with identity: called twice with the same key it returns the same selector.
 * The cache is a plain Map bounded to `max` keys, least recently asked first out; a key asked again
 * after leaving it gets a new, equivalent selector (and the old one's memory goes with it).
 */
export function selectorFamily<K, S, R>(create: (key: K) => Selector<S, R>, max = 2048): (key: K) => Selector<S, R> {
  const cache = new Map<K, Selector<S, R>>();
  return (key: K) => {
    let selector = cache.get(key);
    if (selector !== undefined) {
      cache.delete(key);
    } else {
      selector = create(key);
      if (cache.size >= max) cache.delete(cache.keys().next().value as K);
    }
    cache.set(key, selector);
    return selector;
  };
}

function sameArgs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

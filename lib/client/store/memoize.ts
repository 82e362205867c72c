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
export function memoize<A extends readonly unknown[], R>(fn: (...args: A) => R, isResultEqual?: Equality<R>): Memoized<A, R> {
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

/** The results of a list of selectors. */
export type SelectorResults<S, T extends readonly Selector<S, unknown>[]> = {
  [K in keyof T]: T[K] extends Selector<S, infer R> ? R : never;
};

/**
 * A memoized selector from input selectors and a projector: the projector runs only when an input
 * changed (by reference), and with `isResultEqual` an equal result keeps the last reference.
 */
export function createSelector<S, T extends readonly Selector<S, unknown>[], R>(
  inputs: readonly [...T],
  projector: (...values: SelectorResults<S, T>) => R,
  isResultEqual?: Equality<R>
): Selector<S, R> {
  const project = memoize(projector, isResultEqual);
  return memoize((state: S) => project(...(inputs.map((input) => input(state)) as SelectorResults<S, T>)));
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

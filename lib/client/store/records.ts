/**
 * Small helpers for the plain records and arrays of the state, and for copy-on-write within one
 * batch. The rule the reducer follows: everything in a published state is frozen, so an object
 * that is not frozen was created by the batch under way and may still be written.
 */

/** A writable view of a readonly type (one level). */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** A record keyed by sid or identity, as the state holds them. */
export type Dict<V> = Record<string, V>;

/** A new, empty null-prototype record: any string is a safe key. */
export function emptyRecord<V, K extends string | number = string>(): Record<K, V> {
  return Object.create(null) as Record<K, V>;
}

/** The value under `key`, or undefined; never a value inherited from a prototype. */
export function lookup<V>(record: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** True when the record has no key. */
export function isEmptyRecord(record: object): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return false;
  return true;
}

/** A writable version of a plain object: itself when created in this batch, else a shallow copy. */
export function writable<T extends object>(value: T): Writable<T> {
  return Object.isFrozen(value) ? { ...value } : value;
}

/** A writable version of a null-prototype record: itself when created in this batch, else a copy. */
export function writableRecord<K extends string | number, V>(record: Readonly<Record<K, V>>): Record<K, V> {
  if (!Object.isFrozen(record)) return record;
  const source = record as Readonly<Record<string, V>>;
  const copy = emptyRecord<V>();
  for (const key in source) copy[key] = source[key];
  return copy as Record<K, V>;
}

/** A writable version of an array: itself when created in this batch, else a copy. */
export function writableArray<V>(array: readonly V[]): V[] {
  // Spread, not slice(): V8 copies a frozen array with spread about 40 times faster.
  return Object.isFrozen(array) ? [...array] : (array as V[]);
}

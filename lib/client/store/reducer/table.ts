import { emptyRecord, type Dict, type Writable } from '../records';

const GONE: unique symbol = Symbol('gone');

/**
 * Copy-on-write over one record of the state (conversations by sid, users by identity, ...) for
 * the length of one batch. Reads see the batch's writes; `result()` builds the new record once, at
 * the end, however many entries the batch changed.
 *
 * Why not an immer draft: a draft copies a frozen record with an object spread, which V8 runs on
 * its slow path (about 300 µs for 1,000 keys, measured), and then walks every key again to freeze
 * it. Here the record is copied once per batch with a plain loop, and only the changed values are
 * frozen.
 */
export class Table<T extends object> {
  readonly #base: Readonly<Dict<T>>;
  readonly #seal: (value: T) => T;
  readonly #editable: (value: T) => Writable<T>;
  #changes: Map<string, T | typeof GONE> | null = null;

  /**
   * @param base the record as the batch found it.
   * @param seal freezes a value the batch wrote (its payloads are frozen already).
   * @param editable a writable version of a value: itself if the batch created it, else a copy.
   */
  constructor(base: Readonly<Dict<T>>, seal: (value: T) => T, editable: (value: T) => Writable<T>) {
    this.#base = base;
    this.#seal = seal;
    this.#editable = editable;
  }

  /** The value under `key` now, if any. */
  get(key: string): T | undefined {
    if (this.#changes !== null) {
      const changed = this.#changes.get(key);
      if (changed !== undefined) return changed === GONE ? undefined : changed;
    }
    return Object.hasOwn(this.#base, key) ? this.#base[key] : undefined;
  }

  /** Puts a value under `key`. */
  set(key: string, value: T): void {
    (this.#changes ??= new Map()).set(key, value);
  }

  /** Removes `key`. */
  delete(key: string): void {
    if (this.get(key) !== undefined) (this.#changes ??= new Map()).set(key, GONE);
  }

  /**
   * The value under `key`, writable: the value itself when this batch created it, else a shallow
   * copy that replaces it.
   */
  edit(key: string): Writable<T> | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    const copy = this.#editable(value);
    if (copy !== value) this.set(key, copy as T);
    return copy;
  }

  /** The keys held now, in insertion order. */
  keys(): string[] {
    const keys: string[] = [];
    for (const key in this.#base) if (this.#changes === null || !this.#changes.has(key)) keys.push(key);
    if (this.#changes !== null) for (const [key, value] of this.#changes) if (value !== GONE) keys.push(key);
    return keys;
  }

  /** The record after the batch: frozen, with every value the batch wrote frozen; the base itself when nothing was written. */
  result(): Readonly<Dict<T>> {
    if (this.#changes === null) return this.#base;
    const out = emptyRecord<T>();
    const base = this.#base;
    for (const key in base) out[key] = base[key];
    for (const [key, value] of this.#changes) {
      if (value === GONE) delete out[key];
      else out[key] = this.#seal(value);
    }
    return Object.freeze(out);
  }
}

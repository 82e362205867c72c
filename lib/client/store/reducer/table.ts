import { emptyRecord, type Dict, type Writable } from '../records';

/**
 * The keys of each record a `Table` published, in the record's own order. Enumerating a record of
 * 1,000 keys (for-in or `Object.keys`: V8 sorts a dictionary-mode object's keys each time) took
 * about 130 µs of the 250 µs a copy cost; the next batch's copy reads them from here instead.
 */
const publishedKeys = new WeakMap<object, readonly string[]>();

/**
 * Copy-on-write over one record of the state (conversations by sid, users by identity, ...) for
 * the length of one batch. The first write copies the record (once per batch, however many entries
 * change); later reads and writes go straight to the copy, and `result()` freezes it.
 *
 * Why not an immer draft: a draft copies a frozen record with an object spread, which V8 runs on
 * its slow path (about 300 µs for 1,000 keys, measured), and then walks every key again to freeze
 * it. Here the record is copied with a plain loop over its known keys (about 0.15 ms for 1,000
 * keys) and only the values the batch wrote are frozen.
 */
export class Table<T extends object> {
  readonly #base: Readonly<Dict<T>>;
  /** True when the base has no prototype, so a missing key reads undefined without `Object.hasOwn`. */
  readonly #bare: boolean;
  readonly #seal: (value: T, before: T | undefined) => T;
  readonly #editable: (value: T) => Writable<T>;
  /** The record being built, a null-prototype copy of the base; null until the first write. */
  #copy: Dict<T> | null = null;
  /** The copy's keys in its own order; null once a delete made that list unknown. */
  #keys: string[] | null = null;
  /** The values the batch put, once each (unless put again after another): `result()` seals them. */
  readonly #written: T[] = [];
  /**
   * What each of `#written` replaced: the base's value, or one the batch put before (sealed
   * before it, since `result()` seals in order, so frozen all the way down by then too).
   */
  readonly #replaced: (T | undefined)[] = [];

  /**
   * @param base the record as the batch found it.
   * @param seal freezes a value the batch wrote (its payloads are frozen already), given the value
   *   it replaced if any (frozen by then: what the two share needs no freezing).
   * @param editable a writable version of a value: itself if the batch created it, else a copy.
   */
  constructor(
    base: Readonly<Dict<T>>,
    seal: (value: T, before: T | undefined) => T,
    editable: (value: T) => Writable<T>
  ) {
    this.#base = base;
    this.#bare = Object.getPrototypeOf(base) === null;
    this.#seal = seal;
    this.#editable = editable;
  }

  /** The value under `key` now, if any. */
  get(key: string): T | undefined {
    const copy = this.#copy;
    if (copy !== null) return copy[key];
    const base = this.#base;
    if (this.#bare) return base[key];
    return Object.hasOwn(base, key) ? base[key] : undefined;
  }

  /** Puts a value under `key`. Setting the value already there (a value the batch is still editing) is free. */
  set(key: string, value: T): void {
    const copy = this.#writable();
    const prev = copy[key];
    if (prev === value) return;
    if (prev === undefined) this.#keys?.push(key);
    copy[key] = value;
    this.#written.push(value);
    this.#replaced.push(prev);
  }

  /** Removes `key`. */
  delete(key: string): void {
    if (this.get(key) === undefined) return;
    delete this.#writable()[key];
    this.#keys = null;
  }

  /**
   * The value under `key`, writable: the value itself when this batch created it, else a shallow
   * copy that replaces it.
   */
  edit(key: string): Writable<T> | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    const copy = this.#editable(value);
    if (copy !== value) this.set(key, copy);
    return copy;
  }

  /** The keys held now, in the record's order. */
  keys(): string[] {
    return Object.keys(this.#copy ?? this.#base);
  }

  /**
   * The record after the batch: frozen, with every value the batch put frozen; the base itself when nothing was
   * written.
   */
  result(): Readonly<Dict<T>> {
    const copy = this.#copy;
    if (copy === null) return this.#base;
    const written = this.#written;
    // the values as put, in order, not looked up again (one put then deleted or replaced is
    // sealed all the same, harmlessly)
    const replaced = this.#replaced;
    for (let i = 0; i < written.length; i++) this.#seal(written[i], replaced[i]);
    if (this.#keys !== null) publishedKeys.set(copy, this.#keys);
    return Object.freeze(copy);
  }

  #writable(): Dict<T> {
    if (this.#copy !== null) return this.#copy;
    const copy = emptyRecord<T>();
    const base = this.#base;
    const keys = [...(publishedKeys.get(base) ?? Object.keys(base))];
    for (let i = 0; i < keys.length; i++) copy[keys[i]] = base[keys[i]];
    this.#keys = keys;
    return (this.#copy = copy);
  }
}

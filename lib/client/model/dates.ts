/**
 * Hands out `Date` objects for millisecond timestamps, the same object while the value is the
 * same, so that a property read twice is `===` (UI frameworks compare bindings by reference).
 */
export class DateCache {
  #dates: Map<string, Date> | undefined;

  /** The Date for `ms` under `key`, or null. */
  get(key: string, ms: number | null | undefined): Date | null {
    if (ms === null || ms === undefined) return null;
    const cached = this.#dates?.get(key);
    if (cached && cached.getTime() === ms) return cached;
    const date = new Date(ms);
    (this.#dates ??= new Map()).set(key, date);
    return date;
  }
}

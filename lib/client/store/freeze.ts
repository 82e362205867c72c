/**
 * Freezes a value and everything reachable from it that is not frozen yet, in place, and returns
 * it. A frozen object is taken to be frozen all the way down (the store only ever holds such
 * values), so the walk stops there: freezing what a batch created costs only the new objects.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else {
    const record = value as Record<string, unknown>;
    for (const key in record) deepFreeze(record[key]);
  }
  return value;
}

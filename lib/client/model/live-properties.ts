/**
 * The descriptors of a model's live properties: own, enumerable and read-only, each reading the
 * store when it is read (so `{ ...model }` copies their current values). Each is given as a
 * function of the model object.
 */
export function liveProperties<T, K extends string>(
  read: Readonly<Record<K, (self: T) => unknown>>
): Readonly<Record<K, PropertyDescriptor>> {
  const descriptors = {} as Record<K, PropertyDescriptor>;
  for (const key of Object.keys(read) as K[]) {
    const value = read[key];
    descriptors[key] = {
      enumerable: true,
      get(this: T) {
        return value(this);
      }
    };
  }
  return descriptors;
}

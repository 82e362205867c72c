import * as t from 'io-ts';

/**
 * io-ts's `union` and `intersection`, the same codecs (same types, names, `validate` and classes)
 * with an `is` that allocates nothing. io-ts's own `is` of both makes a closure per call
 * (`codecs.some((type) => type.is(u))`), and every nullable field of every event a client
 * receives is a union: a sixth of a receiving client's allocations were those closures.
 */
export function union<CS extends [t.Mixed, t.Mixed, ...t.Mixed[]]>(codecs: CS, name?: string): t.UnionC<CS> {
  const io = t.union(codecs, name);
  const is = (u: unknown): u is t.TypeOf<CS[number]> => {
    for (let i = 0; i < codecs.length; i++) if (codecs[i].is(u)) return true;
    return false;
  };
  return new t.UnionType(io.name, is, io.validate, io.encode, codecs);
}

/** io-ts's `intersection` with an `is` that allocates nothing (see {@link union}). */
export function intersection<A extends t.Mixed, B extends t.Mixed>(
  codecs: [A, B],
  name?: string
): t.IntersectionC<[A, B]>;
export function intersection<A extends t.Mixed, B extends t.Mixed, C extends t.Mixed>(
  codecs: [A, B, C],
  name?: string
): t.IntersectionC<[A, B, C]>;
export function intersection(codecs: [t.Mixed, t.Mixed, ...t.Mixed[]], name?: string): t.Mixed {
  const io = t.intersection(codecs as [t.Mixed, t.Mixed], name);
  const is = (u: unknown): u is t.TypeOf<typeof io> => {
    for (let i = 0; i < codecs.length; i++) if (!codecs[i].is(u)) return false;
    return true;
  };
  return new t.IntersectionType(io.name, is, io.validate, io.encode, io.types);
}

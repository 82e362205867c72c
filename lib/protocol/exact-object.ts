import * as t from 'io-ts';
import { intersection } from './combinators';

/** The type of an object with the `required` fields `R` and the optional fields `O`. */
export type ExactObject<R extends t.Props, O extends t.Props> = t.TypeOf<t.TypeC<R>> & t.TypeOf<t.PartialC<O>>;

/**
 * A plain object with the `required` fields, any of the `optional` ones, and no other: a field it
 * does not name (`__proto__` included) is refused, and the failure's path names it. A command's
 * arguments are of this kind, so a misspelt field is an error rather than silently ignored.
 */
export function exactObject<R extends t.Props, O extends t.Props = Record<never, never>>(
  required: R,
  optional?: O
): t.Type<ExactObject<R, O>, ExactObject<R, O>, unknown> {
  const inner = intersection([t.type(required), t.partial(optional ?? ({} as O))]);
  const known = new Set([...Object.keys(required), ...Object.keys(optional ?? {})]);
  // a loop, not Object.keys(u).find(…): no array and no closure per check (servers check every command)
  const unknownField = (u: unknown): string | undefined => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return undefined;
    for (const key in u) if (Object.prototype.hasOwnProperty.call(u, key) && !known.has(key)) return key;
    return undefined;
  };
  return new t.Type<ExactObject<R, O>, ExactObject<R, O>, unknown>(
    `{${[...known].join(', ')}}`,
    (u): u is ExactObject<R, O> => inner.is(u) && unknownField(u) === undefined,
    (u, c) => {
      const extra = unknownField(u);
      if (extra !== undefined) {
        const value = (u as Record<string, unknown>)[extra];
        return t.failure(
          value,
          t.appendContext(c, extra, t.never, value),
          `is not a field of these arguments (they are: ${[...known].join(', ') || 'none'})`
        );
      }
      // an unnamed hop: the intersection's own hops are skipped when the path is written
      return inner.validate(u, t.appendContext(c, '', inner, u));
    },
    t.identity
  );
}

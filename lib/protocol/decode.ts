import * as t from 'io-ts';

/** The outcome of decoding: the value, or the path and reason of the first bad field. */
export type Decoded<A> = { ok: true; value: A } | { ok: false; path: string; message: string };

/**
 * Decodes `input` with `codec`. On failure, reports the first error's path
 * (`args.attributes`, `events.3.data`) and reason in plain words.
 *
 * The protocol's codecs check without transforming: a valid input decodes to itself. So the
 * allocation-free `is` answers the common, valid case, and `decode` runs only to explain a failure
 * (on the hot path — every event a client receives — it costs several times what `is` does).
 */
export function decode<A, O>(codec: t.Type<A, O, unknown>, input: unknown, root = ''): Decoded<A> {
  if (codec.is(input)) return { ok: true, value: input };
  const result = codec.decode(input);
  if (result._tag === 'Right') return { ok: true, value: result.right };
  const error = result.left[0];
  const path = pathOf(error.context, root);
  const reason = error.message ?? describe(error.context);
  return { ok: false, path, message: `${path || 'value'} ${reason}` };
}

function pathOf(context: t.Context, root: string): string {
  const parts: string[] = root ? [root] : [];
  for (let i = 1; i < context.length; i++) {
    const entry = context[i];
    const parent = context[i - 1].type;
    // intersections and unions repeat their members' keys as numbers: skip those hops
    if (parent instanceof t.IntersectionType || parent instanceof t.UnionType) continue;
    if (entry.key !== '') parts.push(entry.key);
  }
  return parts.join('.');
}

function describe(context: t.Context): string {
  const last = context[context.length - 1];
  if (last.actual === undefined) return `is required (${last.type.name})`;
  return `must be ${last.type.name}`;
}

/**
 * IndexedDB in Node for the specs: `fake-indexeddb`, installed on the globals. Jest runs a spec in
 * a vm context, where Node's own `structuredClone` (which fake-indexeddb clones records with) makes
 * objects of the outer realm: their prototype is not this realm's `Object.prototype`, so the
 * protocol's JSON check refuses them. Records here are plain data, cloned in this realm instead
 * (browsers clone within their realm; spec/e2e runs the real thing).
 */
export function clone(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(clone);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = clone((value as Record<string, unknown>)[key]);
  return out;
}
globalThis.structuredClone = clone;
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('fake-indexeddb/auto');

import { CACHE_FORMAT, StoredConversation, StoredPending, StoredRoster, StoredUser, StoredWindow } from './records';

/**
 * The shared state's records are sealed: each is a header line (the codecs' fingerprint and the
 * record's key) and the JSON of its entries, in UTF-8, beside their SHA-256. A start checks the
 * digest (WebCrypto, off the main thread, while the JSON is parsed: no walk of the entries), so a
 * record that is corrupt, cut short, written under another key, by another writer or by a version
 * of the library whose codecs differ is dropped, never trusted, without checking each entry with
 * its codec on the way to the first list. Bytes rather than a string: Chromium's IndexedDB hands
 * them back sooner, and WebCrypto digests them as they are.
 */

/** A sealed record: the header and JSON of its entries (UTF-8), and their SHA-256. */
export interface Sealed {
  readonly sum: Uint8Array;
  readonly json: Uint8Array;
}

/**
 * The fingerprint of the kept format: the format number and a hash of the stored kinds' codecs as
 * io-ts names them (every field, its type, nested), so a codec that gains, loses or retypes a
 * field makes the records of the code before it fail their header: dropped, rebuilt.
 */
export const FINGERPRINT = `${CACHE_FORMAT}.${fnv(
  [StoredConversation, StoredUser, StoredWindow, StoredRoster, StoredPending].map((codec) => codec.name).join('\n')
).toString(36)}`;

/** The first line of the record under `key`. */
function header(key: string): string {
  return `rx-conversations ${FINGERPRINT} ${key}\n`;
}

/** WebCrypto's digests: a cache needs them (a secure context: https, or localhost). */
export function subtleCrypto(): SubtleCrypto {
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (subtle === undefined) throw new Error('WebCrypto is not available here (the page is not a secure context)');
  return subtle;
}

/** The record of `value` under `key`. */
export async function seal(key: string, value: unknown): Promise<Sealed> {
  const json = new TextEncoder().encode(header(key) + JSON.stringify(value));
  return { sum: new Uint8Array(await subtleCrypto().digest('SHA-256', json)), json };
}

/** A record that is not one written here, under its key, by this version: the cache is dropped. */
export class Corrupt extends Error {}

/** The value of the record read under `key`; rejects with `Corrupt` when it is not what `seal` wrote there. */
export async function unseal(key: string, record: unknown): Promise<unknown> {
  if (typeof record !== 'object' || record === null) throw new Corrupt(`${key} is not one of our records`);
  const { sum, json } = record as { sum?: unknown; json?: unknown };
  // (not instanceof: a record may come from another realm)
  if (!isBytes(json) || !isBytes(sum)) throw new Corrupt(`${key} is not sealed`);
  // the digest is computed off the main thread while the JSON is parsed here
  const digest = subtleCrypto().digest('SHA-256', json);
  let value: unknown = undefined;
  let parsed = false;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(json);
    const head = header(key);
    if (text.startsWith(head)) {
      value = JSON.parse(text.slice(head.length)) as unknown;
      parsed = true;
    }
  } catch {
    // not UTF-8 or not JSON: its digest tells which (neither is what was written)
  }
  if (!same(new Uint8Array(await digest), sum)) throw new Corrupt(`${key} fails its checksum`);
  if (!parsed) throw new Corrupt(`${key} is not a record of this format`);
  return value;
}

function isBytes(value: unknown): value is Uint8Array<ArrayBuffer> {
  return Object.prototype.toString.call(value) === '[object Uint8Array]';
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** FNV-1a of a short text (the codecs' names). */
function fnv(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

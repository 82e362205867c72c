import { heldMessages } from '../client/store/chunks';
import type { QueuedCommand } from '../client/store/cached-state';
import type { PendingMessage, State } from '../client/store/state';

/**
 * The object store of the shared state (written by the tab holding the connection): the `meta`
 * record, and each kind of entry spread over `CHUNKS[kind]` records (`conversations/3`, `windows/11`…),
 * each the JSON of the entries whose key hashes to it. Few, large records: a start reads each kind
 * with one `getAll` (its key range) and one `JSON.parse` a record, where a record an entry cost a
 * structured clone and a round in IndexedDB each; the list's kinds first, so it is shown first.
 */
export const SNAPSHOT = 'snapshot';
/** The object stores of the shared state. */
export const SHARED_STORES = [SNAPSHOT] as const;
/** The stores every tab writes its own entries to (keyed by idempotency key). */
export const OWN_STORES = ['pending', 'commands'] as const;
/** Every object store of a cache database. */
export const STORES = [...SHARED_STORES, ...OWN_STORES] as const;
/** The name of an object store. */
export type StoreName = (typeof STORES)[number];

/** The kinds of entries of the shared state, each kept in `CHUNKS[kind]` records. */
export const KINDS = ['conversations', 'rosters', 'windows', 'users'] as const;
/** A kind of entries. */
export type Kind = (typeof KINDS)[number];
/**
 * Records each kind is spread over: a batch rewrites the chunks its changes fall in. The list's
 * kinds, read before it is shown, in fewer and larger records (Chromium reads 0.7 MB in 4 records
 * in about half the time it takes in 16); the windows and rosters, read after, in more and
 * smaller ones (cheaper to rewrite).
 */
export const CHUNKS: Readonly<Record<Kind, number>> = { conversations: 4, users: 4, windows: 16, rosters: 16 };

/** The chunk an entry's key falls in (FNV-1a): stable, so an entry stays in its chunk. */
export function chunkOf(kind: Kind, key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % CHUNKS[kind];
}

/** The key of a chunk record in the snapshot store. */
export function chunkKey(kind: Kind, chunk: number): string {
  return `${kind}/${chunk}`;
}

/** The keys of every chunk record of a kind (`conversations/0` to `conversations/15`…), for one `getAll`. */
export function chunkRange(kind: Kind): IDBKeyRange {
  // '0' follows '/': every key that starts with `${kind}/`, and none other
  return IDBKeyRange.bound(`${kind}/`, `${kind}0`, false, true);
}

/** One write: records to put and keys to delete, per store; `clear` empties the shared stores first. */
export interface WritePlan {
  readonly clear: boolean;
  /** The position of the state the shared records come from; -1 when there are none. */
  readonly position: number;
  readonly puts: [StoreName, string, unknown][];
  readonly deletes: [StoreName, string][];
}

/**
 * What changed between two states, as records: the state is copy-on-write, so an entry that did
 * not change is the very same object and is skipped by reference (a batch that touched one
 * conversation rewrites that conversation's chunk and its window's). `before` null writes the
 * shared part whole.
 */
export function planWrite(
  before: State | null,
  after: State,
  shared: boolean,
  meta: { url: string; identity: string; format: number }
): WritePlan {
  const plan: WritePlan = {
    clear: shared && before === null,
    position: shared ? after.session.position : -1,
    puts: [],
    deletes: []
  };
  if (shared) {
    const identity = after.session.identity;
    const moved =
      before === null || before.session.position !== after.session.position || before.session.identity !== identity;
    if (identity !== null && moved) {
      plan.puts.push([SNAPSHOT, 'meta', { ...meta, identity, position: after.session.position }]);
    }
    chunks(plan, 'conversations', before?.conversations, after.conversations, (entry) => entry);
    chunks(plan, 'rosters', before?.participants, after.participants, (roster, sid) => ({
      sid,
      loaded: roster.loaded,
      participants: Object.values(roster.bySid)
    }));
    chunks(
      plan,
      'windows',
      before?.messages,
      after.messages,
      (window, sid) => ({ sid, messages: heldMessages(window) }),
      (a, b) => a.chunkList === b.chunkList,
      (window) => window.size > 0
    );
    chunks(plan, 'users', before?.users, after.users, (entry) => entry);
  }
  diffPending(plan, before, after);
  return plan;
}

/** Rewrites the chunks of `kind` holding an entry that changed, came or went (all of them, without `before`). */
function chunks<V>(
  plan: WritePlan,
  kind: Kind,
  before: Readonly<Record<string, V>> | undefined,
  after: Readonly<Record<string, V>>,
  record: (value: V, key: string) => unknown,
  same: (a: V, b: V) => boolean = (a, b) => a === b,
  kept: (value: V) => boolean = () => true
): void {
  if (before === after) return;
  const touched = new Map<number, unknown[]>();
  for (const key in after) {
    const value = after[key];
    const was = before?.[key];
    if (was !== undefined ? same(was, value) : !kept(value)) continue;
    touched.set(chunkOf(kind, key), []);
  }
  if (before !== undefined) for (const key in before) if (after[key] === undefined) touched.set(chunkOf(kind, key), []);
  if (touched.size === 0) return;
  for (const key in after) {
    const value = after[key];
    const list = touched.get(chunkOf(kind, key));
    if (list !== undefined && kept(value)) list.push(record(value, key));
  }
  for (const [chunk, list] of touched) {
    if (list.length > 0) plan.puts.push([SNAPSHOT, chunkKey(kind, chunk), JSON.stringify(list)]);
    else if (before !== undefined) plan.deletes.push([SNAPSHOT, chunkKey(kind, chunk)]);
  }
}

/** The tab's own sends: put when new or changed, deleted once reconciled or discarded. */
function diffPending(plan: WritePlan, before: State | null, after: State): void {
  if (before !== null && before.messages === after.messages) return;
  const was = pendingByKey(before);
  const now = pendingByKey(after);
  for (const [key, message] of now) if (was.get(key) !== message) plan.puts.push(['pending', key, message]);
  for (const key of was.keys()) if (!now.has(key)) plan.deletes.push(['pending', key]);
}

function pendingByKey(state: State | null): Map<string, PendingMessage> {
  const found = new Map<string, PendingMessage>();
  if (state === null) return found;
  for (const sid in state.messages) for (const message of state.messages[sid].pending) found.set(message.key, message);
  return found;
}

/** Adds the kept commands' changes to a plan. */
export function planCommands(plan: WritePlan, queued: Map<string, QueuedCommand | null>): void {
  for (const [key, command] of queued) {
    if (command === null) plan.deletes.push(['commands', key]);
    else plan.puts.push(['commands', key, command]);
  }
}

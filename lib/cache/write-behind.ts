import { heldMessages } from '../client/store/chunks';
import type { QueuedCommand } from '../client/store/cached-state';
import type { PendingMessage, State } from '../client/store/state';
import { seal } from './sealed';

/**
 * The object store of the shared state (written by the tab holding the connection), in few, large,
 * sealed records (`sealed.ts`): the `meta` record; the `list` record, the conversations and users
 * (everything the first list needs, read first); and the message windows and rosters, each spread
 * over `CHUNKS[kind]` records (`windows/11`…) by the hash of their key. A start reads a kind with
 * one `get` or `getAll` and one `JSON.parse` a record: Chromium's IndexedDB costs a round and a
 * copy per record, so the list is read fastest whole.
 */
export const SNAPSHOT = 'snapshot';
/** The key of the record of the conversations and users. */
export const LIST = 'list';
/** The object stores of the shared state. */
export const SHARED_STORES = [SNAPSHOT] as const;
/** The stores every tab writes its own entries to (keyed by idempotency key). */
export const OWN_STORES = ['pending', 'commands'] as const;
/** Every object store of a cache database. */
export const STORES = [...SHARED_STORES, ...OWN_STORES] as const;
/** The name of an object store. */
export type StoreName = (typeof STORES)[number];

/** The kinds of entries of the shared state kept in chunk records, each in `CHUNKS[kind]` of them. */
export const KINDS = ['rosters', 'windows'] as const;
/** A kind of entries kept in chunks. */
export type Kind = (typeof KINDS)[number];
/** Records each chunked kind is spread over: a batch rewrites the chunks its changes fall in. */
export const CHUNKS: Readonly<Record<Kind, number>> = { windows: 16, rosters: 16 };

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

/** The keys of every chunk record of a kind (`windows/0` to `windows/15`…), for one `getAll`. */
export function chunkRange(kind: Kind): IDBKeyRange {
  // '0' follows '/': every key that starts with `${kind}/`, and none other
  return IDBKeyRange.bound(`${kind}/`, `${kind}0`, false, true);
}

/** One write: records to put and keys to delete, per store; `clear` empties the shared stores first. */
export interface WritePlan {
  readonly clear: boolean;
  /** The position of the state the shared records come from; -1 when there are none. */
  readonly position: number;
  /** Records to put: store, key, value (a sealed record still being digested: a promise of it). */
  readonly puts: [StoreName, string, unknown][];
  readonly deletes: [StoreName, string][];
}

/**
 * What changed between two states, as records: the state is copy-on-write, so an entry that did
 * not change is the very same object and is skipped by reference (a batch that touched one
 * conversation rewrites the list, and that conversation's window chunk). `before` null writes the
 * shared part whole.
 */
export function planWrite(
  before: State | null,
  after: State,
  shared: boolean,
  meta: { url: string; identity: string; format: string }
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
    list(plan, before, after);
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
  }
  diffPending(plan, before, after);
  return plan;
}

/** Rewrites the list record when a conversation or user changed, came or went (deletes it once empty). */
function list(plan: WritePlan, before: State | null, after: State): void {
  if (!changed(before?.conversations, after.conversations) && !changed(before?.users, after.users)) return;
  const conversations = Object.values(after.conversations);
  const users = Object.values(after.users);
  if (conversations.length + users.length > 0) plan.puts.push([SNAPSHOT, LIST, seal(LIST, { conversations, users })]);
  else if (before !== null) plan.deletes.push([SNAPSHOT, LIST]);
}

/** Whether an entry of `after` is not the very one of `before`, or one of `before` went. */
function changed<V>(before: Readonly<Record<string, V>> | undefined, after: Readonly<Record<string, V>>): boolean {
  if (before === after) return false;
  if (before === undefined) return Object.keys(after).length > 0;
  for (const key in after) if (before[key] !== after[key]) return true;
  for (const key in before) if (after[key] === undefined) return true;
  return false;
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
    const key = chunkKey(kind, chunk);
    if (list.length > 0) plan.puts.push([SNAPSHOT, key, seal(key, list)]);
    else if (before !== undefined) plan.deletes.push([SNAPSHOT, key]);
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

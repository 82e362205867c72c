import { heldMessages } from '../client/store/chunks';
import type { QueuedCommand } from '../client/store/cached-state';
import type { PendingMessage, State } from '../client/store/state';

/** The object stores of the shared state: written by one tab (the one holding the connection). */
export const SHARED_STORES = ['meta', 'conversations', 'rosters', 'windows', 'users'] as const;
/** The stores every tab writes its own entries to (keyed by idempotency key). */
export const OWN_STORES = ['pending', 'commands'] as const;
/** Every object store of a cache database. */
export const STORES = [...SHARED_STORES, ...OWN_STORES] as const;
/** The name of an object store. */
export type StoreName = (typeof STORES)[number];

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
 * conversation writes one conversation, one window). `before` null writes the shared part whole.
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
      plan.puts.push(['meta', 'meta', { ...meta, identity, position: after.session.position }]);
    }
    diff(plan, 'conversations', before?.conversations, after.conversations, (entry) => entry);
    diff(plan, 'rosters', before?.participants, after.participants, (roster, sid) => ({
      sid,
      loaded: roster.loaded,
      participants: Object.values(roster.bySid)
    }));
    diff(
      plan,
      'windows',
      before?.messages,
      after.messages,
      (window, sid) => ({ sid, messages: heldMessages(window) }),
      (a, b) => a.chunkList === b.chunkList,
      (window) => window.size > 0
    );
    diff(plan, 'users', before?.users, after.users, (entry) => entry);
  }
  diffPending(plan, before, after);
  return plan;
}

function diff<V>(
  plan: WritePlan,
  store: StoreName,
  before: Readonly<Record<string, V>> | undefined,
  after: Readonly<Record<string, V>>,
  record: (value: V, key: string) => unknown,
  same: (a: V, b: V) => boolean = (a, b) => a === b,
  kept: (value: V) => boolean = () => true
): void {
  if (before === after) return;
  for (const key in after) {
    const value = after[key];
    const was = before?.[key];
    if (was !== undefined && same(was, value)) continue;
    if (kept(value)) plan.puts.push([store, key, record(value, key)]);
    else if (was !== undefined) plan.deletes.push([store, key]);
  }
  if (before === undefined) return;
  for (const key in before) if (after[key] === undefined) plan.deletes.push([store, key]);
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

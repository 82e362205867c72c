import type { Is } from 'io-ts';
import type { IDBPDatabase } from 'idb';
import type { CacheScope } from '../client/session/cache-port';
import type {
  CachedDetail,
  CachedRoster,
  CachedState,
  CachedWindow,
  QueuedCommand
} from '../client/store/cached-state';
import type { PendingMessage } from '../client/store/state';
import {
  isQueuedCommand,
  Meta,
  StoredConversation,
  StoredPending,
  StoredRoster,
  StoredUser,
  StoredWindow
} from './records';
import { chunkRange, KINDS, SHARED_STORES, SNAPSHOT, STORES } from './write-behind';

/** A record that failed its codec: the cache is dropped. */
class Corrupt extends Error {}

function checked<T>(values: unknown[], is: Is<T>, what: string): T[] {
  for (const value of values) if (!is(value)) throw new Corrupt(`a ${what} record is not valid`);
  return values as T[];
}

/** The entries of one kind, gathered from its chunk records (each the JSON of an array). */
function entries(kind: string, values: unknown[]): unknown[] {
  const found: unknown[] = [];
  for (const value of values) {
    if (typeof value !== 'string') throw new Corrupt(`a ${kind} chunk is not one of ours`);
    let items: unknown;
    try {
      items = JSON.parse(value);
    } catch {
      throw new Corrupt(`a ${kind} chunk is not JSON`);
    }
    if (!Array.isArray(items)) throw new Corrupt(`a ${kind} chunk is not a list`);
    for (const item of items) found.push(item);
  }
  return found;
}

/** Whether a key of the snapshot store is one of ours: `meta`, or the chunk of a kind. */
function ours(key: IDBValidKey): boolean {
  if (key === 'meta') return true;
  if (typeof key !== 'string') return false;
  const slash = key.indexOf('/');
  return (KINDS as readonly string[]).includes(key.slice(0, slash)) && /^\d+$/.test(key.slice(slash + 1));
}

/** What a start reads: the list to publish at once, and the rest, checked only when asked for. */
export interface KeptRead {
  /** The kept list (conversations, users), position and own sends and commands. */
  readonly state: CachedState;
  /**
   * The kept message windows and rosters, checked now: asked for after the list is published, so
   * that it is on screen without waiting for them (they were read in the same transaction, so they
   * are of the same position). A bad one empties the shared records (null): they are rebuilt.
   */
  detail(): Promise<CachedDetail | null>;
}

/**
 * Reads the kept state of `scope` in one transaction, in two parts: first the keys of the snapshot
 * store, its `meta` record, the conversation and user chunks and the tab's own sends and commands
 * (the list, checked and handed back at once), then the window and roster chunks (requested in the
 * same transaction, so IndexedDB reads them while the list is checked and published). Every entry
 * is checked with its codec. Nothing kept, another scope's or format's data, or a single bad record
 * of the list: null (and a bad cache is emptied, so it is rebuilt from the server rather than
 * trusted). Pending sends and kept commands survive a missing shared state (a tab that never held
 * the connection wrote only those).
 */
export async function readCache(db: IDBPDatabase, scope: CacheScope): Promise<KeptRead | null> {
  const tx = db.transaction(STORES, 'readonly');
  const snapshot = tx.objectStore(SNAPSHOT);
  const first = Promise.all([
    snapshot.getAllKeys(),
    snapshot.get('meta') as Promise<unknown>,
    snapshot.getAll(chunkRange('conversations')),
    snapshot.getAll(chunkRange('users')),
    tx.objectStore('pending').getAll(),
    tx.objectStore('commands').getAll()
  ]);
  const rest = Promise.all([snapshot.getAll(chunkRange('windows')), snapshot.getAll(chunkRange('rosters')), tx.done]);
  // settled here whatever the list turns out to be (a failed read rejects both)
  rest.catch(() => undefined);
  const [keys, meta, conversations, users, pending, commands] = await first;
  try {
    const own = {
      pending: sortedByDate(checked<PendingMessage>(pending, StoredPending.is, 'pending send')),
      commands: checked<QueuedCommand>(commands, isQueuedCommand, 'kept command')
    };
    if (!keys.every(ours)) throw new Corrupt('a record is not one of ours');
    if (meta === undefined) {
      if (keys.length > 0) throw new Corrupt('entries are kept without their position');
      if (own.pending.length === 0 && own.commands.length === 0) return null;
      const state = { identity: scope.identity, position: 0, conversations: [], users: [], ...own };
      return { state, detail: () => Promise.resolve({ windows: [], rosters: [] }) };
    }
    if (!Meta.is(meta) || meta.identity !== scope.identity || meta.url !== scope.url)
      throw new Corrupt('the cache is of another format, server or identity');
    const state: CachedState = {
      identity: meta.identity,
      position: meta.position,
      conversations: checked(entries('conversations', conversations), StoredConversation.is, 'conversation'),
      users: checked(entries('users', users), StoredUser.is, 'user'),
      ...own
    };
    return { state, detail: () => checkedDetail(db, rest) };
  } catch (error) {
    if (!(error instanceof Corrupt)) throw error;
    await drop(db, STORES);
    return null;
  }
}

async function checkedDetail(
  db: IDBPDatabase,
  read: Promise<[unknown[], unknown[], void]>
): Promise<CachedDetail | null> {
  const [windows, rosters] = await read;
  try {
    return {
      windows: checked<CachedWindow>(entries('windows', windows), StoredWindow.is, 'message window'),
      rosters: checked<CachedRoster>(entries('rosters', rosters), StoredRoster.is, 'roster')
    };
  } catch (error) {
    if (!(error instanceof Corrupt)) throw error;
    // the list is published and checked: only the shared records go (the own sends are in the store)
    await drop(db, SHARED_STORES);
    return null;
  }
}

/** Empties these stores. */
async function drop(db: IDBPDatabase, stores: readonly string[]): Promise<void> {
  const tx = db.transaction(stores, 'readwrite');
  await Promise.all([...stores.map((name) => tx.objectStore(name).clear()), tx.done]);
}

function sortedByDate(pending: PendingMessage[]): PendingMessage[] {
  return pending.sort((a, b) => a.dateCreated - b.dateCreated);
}

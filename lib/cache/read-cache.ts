import type { Is } from 'io-ts';
import type { IDBPDatabase } from 'idb';
import type { CacheScope } from '../client/session/cache-port';
import type { CachedRoster, CachedState, QueuedCommand } from '../client/store/cached-state';
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
import { KINDS, type Kind, SNAPSHOT, STORES } from './write-behind';

/** A record that failed its codec: the whole cache is dropped. */
class Corrupt extends Error {}

function checked<T>(values: unknown[], is: Is<T>, what: string): T[] {
  for (const value of values) if (!is(value)) throw new Corrupt(`a ${what} record is not valid`);
  return values as T[];
}

/** The entries of each kind, gathered from their chunk records (each the JSON of an array). */
function entries(keys: IDBValidKey[], values: unknown[]): { meta: unknown } & Record<Kind, unknown[]> {
  const found = { meta: undefined as unknown, conversations: [], rosters: [], windows: [], users: [] };
  for (let i = 0; i < keys.length; i++) {
    const key = typeof keys[i] === 'string' ? (keys[i] as string) : JSON.stringify(keys[i]);
    if (key === 'meta') {
      found.meta = values[i];
      continue;
    }
    const kind = KINDS.find((name) => key.startsWith(`${name}/`));
    const value = values[i];
    if (kind === undefined || typeof value !== 'string') throw new Corrupt(`the record ${key} is not one of ours`);
    let items: unknown;
    try {
      items = JSON.parse(value);
    } catch {
      throw new Corrupt(`the record ${key} is not JSON`);
    }
    if (!Array.isArray(items)) throw new Corrupt(`the record ${key} is not a list`);
    const list: unknown[] = found[kind];
    for (const item of items) list.push(item);
  }
  return found;
}

/** What a start reads: the state to publish at once, and the rosters, checked only when asked for. */
export interface KeptRead {
  /** The kept state, without its rosters (`rosters` is empty). */
  readonly state: CachedState;
  /**
   * The kept rosters, checked now: asked for after the state is published, so that the list is
   * on screen without waiting for them. A bad one empties the cache (null): it is rebuilt.
   */
  rosters(): Promise<readonly CachedRoster[] | null>;
}

/**
 * Reads the kept state of `scope` in one transaction (the snapshot store's records and keys, the
 * tab's own sends and commands), every entry checked with its codec. Nothing kept, another
 * scope's or format's data, or a single bad record: null (and a bad cache is emptied, so it is
 * rebuilt from the server rather than trusted). Pending sends and kept commands survive a missing
 * shared state (a tab that never held the connection wrote only those).
 */
export async function readCache(db: IDBPDatabase, scope: CacheScope): Promise<KeptRead | null> {
  const tx = db.transaction(STORES, 'readonly');
  const [keys, values, pending, commands] = await Promise.all([
    tx.objectStore(SNAPSHOT).getAllKeys(),
    tx.objectStore(SNAPSHOT).getAll(),
    tx.objectStore('pending').getAll(),
    tx.objectStore('commands').getAll(),
    tx.done
  ]);
  try {
    const own = {
      pending: sortedByDate(checked<PendingMessage>(pending, StoredPending.is, 'pending send')),
      commands: checked<QueuedCommand>(commands, isQueuedCommand, 'kept command')
    };
    const { meta, conversations, rosters, windows, users } = entries(keys, values);
    const empty = { conversations: [], rosters: [], windows: [], users: [] };
    if (meta === undefined) {
      if (keys.length > 0) throw new Corrupt('entries are kept without their position');
      if (own.pending.length === 0 && own.commands.length === 0) return null;
      return { state: { identity: scope.identity, position: 0, ...empty, ...own }, rosters: () => Promise.resolve([]) };
    }
    if (!Meta.is(meta) || meta.identity !== scope.identity || meta.url !== scope.url)
      throw new Corrupt('the cache is of another format, server or identity');
    const state: CachedState = {
      identity: meta.identity,
      position: meta.position,
      conversations: checked(conversations, StoredConversation.is, 'conversation'),
      rosters: [],
      windows: checked(windows, StoredWindow.is, 'message window'),
      users: checked(users, StoredUser.is, 'user'),
      ...own
    };
    return { state, rosters: () => checkedRosters(db, rosters) };
  } catch (error) {
    if (!(error instanceof Corrupt)) throw error;
    await drop(db);
    return null;
  }
}

async function checkedRosters(db: IDBPDatabase, rosters: unknown[]): Promise<readonly CachedRoster[] | null> {
  try {
    return checked<CachedRoster>(rosters, StoredRoster.is, 'roster');
  } catch (error) {
    if (!(error instanceof Corrupt)) throw error;
    await drop(db);
    return null;
  }
}

/** Empties every store. */
async function drop(db: IDBPDatabase): Promise<void> {
  const tx = db.transaction(STORES, 'readwrite');
  await Promise.all([...STORES.map((name) => tx.objectStore(name).clear()), tx.done]);
}

function sortedByDate(pending: PendingMessage[]): PendingMessage[] {
  return pending.sort((a, b) => a.dateCreated - b.dateCreated);
}

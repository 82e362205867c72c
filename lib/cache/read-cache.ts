import type { Is } from 'io-ts';
import type { IDBPDatabase } from 'idb';
import type { CacheScope } from '../client/session/cache-port';
import type { CachedState, QueuedCommand } from '../client/store/cached-state';
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
import { STORES } from './write-behind';

/** A record that failed its codec: the whole cache is dropped. */
class Corrupt extends Error {}

function checked<T>(values: unknown[], is: Is<T>, what: string): T[] {
  for (const value of values) if (!is(value)) throw new Corrupt(`a ${what} record is not valid`);
  return values as T[];
}

/**
 * Reads the kept state of `scope` in one transaction, every record checked with its codec. Nothing
 * kept, another scope's or format's data, or a single bad record: null (and a bad cache is emptied,
 * so it is rebuilt from the server rather than trusted). Pending sends and kept commands survive a
 * missing shared state (a tab that never held the connection wrote only those).
 */
export async function readCache(db: IDBPDatabase, scope: CacheScope): Promise<CachedState | null> {
  const tx = db.transaction(STORES, 'readonly');
  const [meta, conversations, rosters, windows, users, pending, commands] = await Promise.all([
    tx.objectStore('meta').get('meta') as Promise<unknown>,
    tx.objectStore('conversations').getAll(),
    tx.objectStore('rosters').getAll(),
    tx.objectStore('windows').getAll(),
    tx.objectStore('users').getAll(),
    tx.objectStore('pending').getAll(),
    tx.objectStore('commands').getAll(),
    tx.done
  ]);
  try {
    const own = {
      pending: sortedByDate(checked<PendingMessage>(pending, StoredPending.is, 'pending send')),
      commands: checked<QueuedCommand>(commands, isQueuedCommand, 'kept command')
    };
    if (meta === undefined) {
      if (conversations.length > 0) throw new Corrupt('conversations are kept without their position');
      if (own.pending.length === 0 && own.commands.length === 0) return null;
      return { identity: scope.identity, position: 0, conversations: [], rosters: [], windows: [], users: [], ...own };
    }
    if (!Meta.is(meta) || meta.identity !== scope.identity || meta.url !== scope.url)
      throw new Corrupt('the cache is of another format, server or identity');
    return {
      identity: meta.identity,
      position: meta.position,
      conversations: checked(conversations, StoredConversation.is, 'conversation'),
      rosters: checked(rosters, StoredRoster.is, 'roster'),
      windows: checked(windows, StoredWindow.is, 'message window'),
      users: checked(users, StoredUser.is, 'user'),
      ...own
    };
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

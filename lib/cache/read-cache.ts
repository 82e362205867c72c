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
import type { ConversationEntry, PendingMessage, UserEntry } from '../client/store/state';
import { isQueuedCommand, Meta, StoredPending, StoredRoster, StoredWindow } from './records';
import { Corrupt, FINGERPRINT, unseal } from './sealed';
import { chunkRange, KINDS, type Kind, LIST, SHARED_STORES, SNAPSHOT, STORES } from './write-behind';

function checked<T>(values: unknown[], is: Is<T>, what: string): T[] {
  for (const value of values) if (!is(value)) throw new Corrupt(`a ${what} record is not valid`);
  return values as T[];
}

/** The entries of a kind's chunk records (`keys` those of the whole snapshot store, in order). */
async function entries(kind: Kind, keys: IDBValidKey[], values: unknown[]): Promise<unknown[]> {
  const chunkKeys = keys.filter((key) => typeof key === 'string' && key.startsWith(`${kind}/`)) as string[];
  if (chunkKeys.length !== values.length) throw new Corrupt(`the ${kind} chunks changed while read`);
  const found: unknown[] = [];
  for (const items of await Promise.all(values.map((value, i) => unseal(chunkKeys[i], value)))) {
    if (!Array.isArray(items)) throw new Corrupt(`a ${kind} chunk is not a list`);
    for (const item of items) found.push(item);
  }
  return found;
}

/** Whether a key of the snapshot store is one of ours: `meta`, `list`, or the chunk of a kind. */
function ours(key: IDBValidKey): boolean {
  if (key === 'meta' || key === LIST) return true;
  if (typeof key !== 'string') return false;
  const slash = key.indexOf('/');
  return (KINDS as readonly string[]).includes(key.slice(0, slash)) && /^\d+$/.test(key.slice(slash + 1));
}

/** The conversations and users of the list record (sealed, so not checked entry by entry). */
async function listed(record: unknown): Promise<{ conversations: ConversationEntry[]; users: UserEntry[] }> {
  const value = (await unseal(LIST, record)) as { conversations?: unknown; users?: unknown } | null;
  if (typeof value !== 'object' || value === null || !Array.isArray(value.conversations) || !Array.isArray(value.users))
    throw new Corrupt('the list record is not a list');
  return { conversations: value.conversations as ConversationEntry[], users: value.users as UserEntry[] };
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
 * Reads the kept state of `scope` in one transaction, in two parts: first what the list needs —
 * the `meta` record, the `list` record (conversations and users) and the tab's own sends and
 * commands — checked and handed back at once, then the keys of the snapshot store and the window
 * and roster chunks (requested in the same transaction, so of the same position, and checked when
 * asked for). The list record is trusted on its checksum (`sealed.ts`: its key, its JSON and the
 * codecs' fingerprint), the rest on its codecs too. Nothing kept, another scope's or format's
 * data, or a bad record of the list: null (and a bad cache is emptied, so it is rebuilt from the
 * server rather than trusted). Pending sends and kept commands survive a missing shared state (a
 * tab that never held the connection wrote only those).
 */
export async function readCache(db: IDBPDatabase, scope: CacheScope): Promise<KeptRead | null> {
  const tx = db.transaction(STORES, 'readonly');
  const snapshot = tx.objectStore(SNAPSHOT);
  const first = Promise.all([
    snapshot.get('meta') as Promise<unknown>,
    snapshot.get(LIST) as Promise<unknown>,
    tx.objectStore('pending').getAll(),
    tx.objectStore('commands').getAll()
  ]);
  const rest = Promise.all([
    snapshot.getAllKeys(),
    snapshot.getAll(chunkRange('windows')),
    snapshot.getAll(chunkRange('rosters')),
    tx.done
  ]);
  // settled here whatever the list turns out to be (a failed read rejects both)
  rest.catch(() => undefined);
  const [meta, list, pending, commands] = await first;
  try {
    const own = {
      pending: sortedByDate(checked<PendingMessage>(pending, StoredPending.is, 'pending send')),
      commands: checked<QueuedCommand>(commands, isQueuedCommand, 'kept command')
    };
    if (meta === undefined) {
      if (list !== undefined) throw new Corrupt('entries are kept without their position');
      if (own.pending.length === 0 && own.commands.length === 0) return null;
      const state = { identity: scope.identity, position: 0, conversations: [], users: [], ...own };
      return { state, detail: () => checkedDetail(db, rest, false) };
    }
    if (!Meta.is(meta) || meta.format !== FINGERPRINT || meta.identity !== scope.identity || meta.url !== scope.url)
      throw new Corrupt('the cache is of another format, server or identity');
    const { conversations, users } = list === undefined ? { conversations: [], users: [] } : await listed(list);
    const state: CachedState = { identity: meta.identity, position: meta.position, conversations, users, ...own };
    return { state, detail: () => checkedDetail(db, rest, true) };
  } catch (error) {
    if (!(error instanceof Corrupt)) throw error;
    await drop(db, STORES);
    return null;
  }
}

/**
 * The windows and rosters read after the list, checked; a record that is not one of ours, or
 * shared records kept without their position (`positioned` false), empty the shared records.
 */
async function checkedDetail(
  db: IDBPDatabase,
  read: Promise<[IDBValidKey[], unknown[], unknown[], void]>,
  positioned: boolean
): Promise<CachedDetail | null> {
  const [keys, windows, rosters] = await read;
  try {
    if (!keys.every(ours)) throw new Corrupt('a record is not one of ours');
    if (!positioned && keys.length > 0) throw new Corrupt('entries are kept without their position');
    return {
      windows: checked<CachedWindow>(await entries('windows', keys, windows), StoredWindow.is, 'message window'),
      rosters: checked<CachedRoster>(await entries('rosters', keys, rosters), StoredRoster.is, 'roster')
    };
  } catch (error) {
    if (!(error instanceof Corrupt)) throw error;
    // the list is published: only the shared records go (the own sends are in the store)
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

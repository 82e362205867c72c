import { deleteDB, openDB, type IDBPDatabase } from 'idb';
import type { CacheScope } from '../client/session/cache-port';
import type { QueuedCommand } from '../client/store/cached-state';
import type { CacheHandle } from './cache-handle';
import type { State } from '../client/store/state';
import { type KeptRead, readCache } from './read-cache';
import { CACHE_FORMAT } from './records';
import {
  OWN_STORES,
  planCommands,
  planWrite,
  STORES,
  SHARED_STORES,
  SNAPSHOT,
  type StoreName,
  type WritePlan
} from './write-behind';

/**
 * The version of the database's layout (object stores). An older layout is dropped and made anew
 * (1: a record per entry; 2: the shared state in chunk records).
 */
export const DB_VERSION = 2;

/** What one write did, for measurements (`onWrite`). */
export interface WriteInfo {
  /** Records put plus records deleted. */
  readonly records: number;
  /** Time from the start of the transaction to its completion, ms. */
  readonly ms: number;
  /** Whether the shared state was written whole (the first write of a tab that holds the connection). */
  readonly whole: boolean;
}

/** How the cache behaves; every field has a default. */
export interface IdbSettings {
  /** Writes wait this long for more batches (coalesced into one transaction). Default 200 ms. */
  readonly writeDelayMs: number;
  /** Told after each write. */
  readonly onWrite?: (info: WriteInfo) => void;
}

/** The database of one server and identity: a different identity never opens another's. */
export function databaseName(scope: CacheScope): string {
  return `rx-conversations:${scope.url}:${scope.identity}`;
}

/**
 * One open cache on IndexedDB (through `idb`): reads the kept state, writes what each batch changed
 * later and coalesced (one transaction), keeps the commands made offline, and erases itself.
 * Whether this tab writes the shared state (`writesShared`) is decided by the tab model.
 */
export class IdbCache implements CacheHandle {
  readonly #db: IDBPDatabase;
  readonly #scope: CacheScope;
  readonly #settings: IdbSettings;
  #writesShared: () => boolean;
  /** The state last written (null: the shared part is to be written whole). */
  #written: State | null = null;
  #sharedBaseline = false;
  /** The start found a bad window or roster after publishing the list, and emptied the shared records. */
  #emptied = false;
  #latest: State | null = null;
  #commands = new Map<string, QueuedCommand | null>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #writing: Promise<void> | null = null;
  #stopped = false;
  #warn: (warning: string) => void = () => undefined;

  constructor(db: IDBPDatabase, scope: CacheScope, settings: IdbSettings, writesShared: () => boolean) {
    this.#db = db;
    this.#scope = scope;
    this.#settings = settings;
    this.#writesShared = writesShared;
  }

  /** Opens (or makes) the database of `scope`. Rejects when IndexedDB is missing or refuses. */
  static async open(scope: CacheScope, settings: IdbSettings, writesShared: () => boolean): Promise<IdbCache> {
    if ((globalThis as { indexedDB?: IDBFactory }).indexedDB === undefined)
      throw new Error('IndexedDB is not available here');
    const db: IDBPDatabase = await openDB(databaseName(scope), DB_VERSION, {
      upgrade(database) {
        // any older layout is dropped whole: its data is rebuilt from the server
        for (const name of [...database.objectStoreNames]) database.deleteObjectStore(name);
        for (const name of STORES) database.createObjectStore(name);
      },
      blocking() {
        // another tab erases the cache (logout) or upgrades it: let it
        db.close();
      }
    });
    return new IdbCache(db, scope, settings, writesShared);
  }

  async read(): Promise<KeptRead | null> {
    const kept = await readCache(this.#db, this.#scope);
    if (kept === null) return null;
    return {
      state: kept.state,
      detail: async () => {
        const detail = await kept.detail();
        // a bad window or roster emptied the shared records: the shared state is written whole next time
        if (detail === null) this.#emptied = true;
        return detail;
      }
    };
  }

  changed(state: State): void {
    if (this.#stopped) return;
    if (this.#written === null && state.session.source === 'cache' && state.session.status === 'initializing') {
      // the state just read from this database: nothing to write yet
      this.#written = state;
      this.#sharedBaseline = !this.#emptied;
    }
    this.#latest = state;
    this.#schedule();
  }

  queued(command: QueuedCommand): void {
    this.#commands.set(command.key, command);
    this.#schedule();
  }

  answered(key: string): void {
    this.#commands.set(key, null);
    this.#schedule();
  }

  onWarning(listener: (warning: string) => void): void {
    this.#warn = listener;
  }

  /** Called when this tab starts or stops writing the shared state (a leader change). */
  sharedChanged(): void {
    this.#sharedBaseline = false;
    this.#schedule();
  }

  async clear(): Promise<void> {
    this.#stop();
    this.#db.close();
    await deleteDB(databaseName(this.#scope));
  }

  close(): void {
    if (this.#stopped) return;
    void this.flush().finally(() => {
      this.#stop();
      this.#db.close();
    });
  }

  /** Writes what is due now; resolves once it is written. */
  async flush(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    while (this.#writing !== null) await this.#writing;
    if (this.#stopped) return;
    const plan = this.#plan();
    if (plan === null) return;
    this.#writing = this.#write(plan).finally(() => (this.#writing = null));
    await this.#writing;
  }

  #schedule(): void {
    if (this.#timer !== null || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, this.#settings.writeDelayMs);
  }

  #plan(): WritePlan | null {
    const latest = this.#latest;
    const shared = this.#writesShared();
    const before = shared && !this.#sharedBaseline ? null : this.#written;
    const plan: WritePlan =
      latest === null || latest === this.#written
        ? { clear: false, position: -1, puts: [], deletes: [] }
        : planWrite(before, latest, shared, {
            url: this.#scope.url,
            identity: this.#scope.identity,
            format: CACHE_FORMAT
          });
    planCommands(plan, this.#commands);
    this.#commands = new Map();
    if (latest !== null) this.#written = latest;
    if (shared) this.#sharedBaseline = true;
    return plan.clear || plan.puts.length > 0 || plan.deletes.length > 0 ? plan : null;
  }

  async #write(planned: WritePlan): Promise<void> {
    let plan = planned;
    const started = performance.now();
    try {
      const tx = this.#db.transaction(STORES, 'readwrite');
      const done: Promise<unknown>[] = [];
      const kept = (await tx.objectStore(SNAPSHOT).get('meta')) as { position?: unknown } | undefined;
      if (plan.position >= 0 && typeof kept?.position === 'number' && kept.position > plan.position) {
        // another tab with its own connection wrote a newer state: keep it (and write whole next time)
        plan = ownOnly(plan);
        this.#sharedBaseline = false;
      } else if (plan.position >= 0 && !plan.clear && kept === undefined) {
        // the shared records were emptied elsewhere (another tab found a bad one at its start): what
        // changed alone would leave them partial, so they are written whole, next
        plan = ownOnly(plan);
        this.#sharedBaseline = false;
        this.#written = null;
        this.#schedule();
      }
      if (plan.clear) for (const name of SHARED_STORES) done.push(tx.objectStore(name).clear());
      for (const [store, key, value] of plan.puts) done.push(tx.objectStore(store).put(value, key));
      for (const [store, key] of plan.deletes) done.push(tx.objectStore(store).delete(key));
      done.push(tx.done);
      await Promise.all(done);
      this.#settings.onWrite?.({
        records: plan.puts.length + plan.deletes.length,
        ms: performance.now() - started,
        whole: plan.clear
      });
    } catch (error) {
      // over quota, or the database went away (erased by another tab): memory only from now on
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.#stop();
      this.#warn(`The cache stopped writing (${reason}); the client runs in memory`);
    }
  }

  #stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/** Only the tab's own records of a plan (its sends and kept commands). */
function ownOnly(plan: WritePlan): WritePlan {
  const own = (store: StoreName) => (OWN_STORES as readonly StoreName[]).includes(store);
  return {
    clear: false,
    position: -1,
    puts: plan.puts.filter(([store]) => own(store)),
    deletes: plan.deletes.filter(([store]) => own(store))
  };
}

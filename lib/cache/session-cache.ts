import { ErrorCode, type CommandArgs, type CommandName, type CommandResult } from '../protocol';
import { ConversationsError, shutDownError } from '../client/errors';
import type { CacheDeps, Request, SessionCache, SessionLink } from '../client/session/cache-port';
import type { CachedState, QueuedCommand } from '../client/store/cached-state';
import type { PendingMessage, State } from '../client/store/state';
import type { ConnectionLike } from '../client/transport/connection-like';
import { after } from '../client/util/scheduler';
import type { CacheHandle } from './cache-handle';
import type { KeptRead } from './read-cache';

/** The longest the start waits for the cache to open and read, before running in memory. */
const OPEN_TIMEOUT_MS = 3000;

/** The commands kept until answered (sends are kept as pending messages). */
const QUEUED: ReadonlySet<CommandName> = new Set<CommandName>(['updateMessage', 'removeMessage', 'updateReadHorizon']);
/** The commands that wait for the connection instead of timing out while offline. */
const WAITING: ReadonlySet<CommandName> = new Set<CommandName>([...QUEUED, 'sendMessage']);

/**
 * One session's cache: the start from it (its state into the store before the socket opens, or a
 * warning and memory only), what is written after each batch, the commands kept until answered,
 * and erasing it.
 */
export class CachedSession implements SessionCache {
  readonly #deps: CacheDeps;
  /** The database opening, and then read, from the client's constructor on. */
  readonly #opened: Promise<CacheHandle>;
  readonly #read: Promise<KeptRead | null>;
  readonly #share: ((session: SessionLink, leading: () => void) => ConnectionLike) | null;
  #handle: CacheHandle | null = null;
  #closed = false;
  /** What the start read. */
  #restored: CachedState | null = null;
  /** While the start puts the kept state into the store (the cache does not see those batches). */
  #restoring = false;
  /** Whether the last published state had the connection up; commands waiting for it. */
  #up = false;
  #waiting: { resolve(): void; reject(error: Error): void }[] = [];

  /**
   * Opens the database and reads it at once: the rest of the client's constructor runs while
   * IndexedDB opens it.
   *
   * @param open opens the database (and reads nothing yet).
   * @param share the connection shared between tabs, where the browser can (`leading`: told when
   *   this tab takes it); null: the session's own.
   */
  constructor(
    deps: CacheDeps,
    open: () => Promise<CacheHandle>,
    share: ((session: SessionLink, leading: () => void) => ConnectionLike) | null = null
  ) {
    this.#deps = deps;
    this.#share = share;
    this.#opened = open();
    this.#read = this.#opened.then((handle) => handle.read());
    // awaited by start (a failure is its warning)
    this.#opened.catch(() => undefined);
    this.#read.catch(() => undefined);
  }

  get resumes(): boolean {
    return this.#restored !== null && this.#restored.position > 0;
  }

  async start(session: SessionLink): Promise<ConnectionLike | null> {
    const { store, scope } = this.#deps;
    let handle: CacheHandle;
    let kept: KeptRead | null;
    try {
      handle = await this.#timed(this.#opened, 'opening');
      kept = await this.#timed(this.#read, 'reading');
    } catch (error) {
      // in memory, but still on the tabs' one connection
      this.#unavailable(error);
      return this.#shared(session, null);
    }
    if (this.#closed) {
      handle.close();
      return null;
    }
    this.#handle = handle;
    handle.onWarning((warning) => store.dispatch({ type: 'cacheUnavailable', warning }));
    if (kept !== null && kept.state.identity === scope.identity) await this.#restore(kept, handle);
    return this.#shared(session, handle);
  }

  #shared(session: SessionLink, handle: CacheHandle | null): ConnectionLike | null {
    if (this.#share === null || this.#closed) return null;
    return this.#share(session, () => handle?.sharedChanged());
  }

  /**
   * The kept state into the store, before the socket opens: the list (conversations, users, sends)
   * published at once, then the message windows and the whole rosters (a roster kept in part is
   * read again at catch-up) in a second batch, once read and checked. Windows or rosters that fail
   * (a bad record, or not read in time) are left out, and the cache is written whole again. The
   * cache takes the state once restored as what it holds.
   */
  async #restore(kept: KeptRead, handle: CacheHandle): Promise<void> {
    const { store } = this.#deps;
    this.#restored = kept.state;
    this.#restoring = true;
    store.dispatch({ type: 'cacheRestored', cached: kept.state });
    store.flush();
    const detail = await this.#timed(kept.detail(), 'reading').catch((error: unknown) => {
      this.#deps.log.warn('reading the kept message windows and rosters failed:', error);
      return undefined;
    });
    if (detail === null) this.#deps.log.warn('a kept message window or roster was not valid: the cache is rebuilt');
    if (detail) store.dispatch({ type: 'cacheDetailRestored', position: kept.state.position, detail });
    store.flush();
    this.#restoring = false;
    if (this.#closed) return;
    handle.changed(store.getState());
    // what is kept no longer matches the store: written whole next time
    if (!detail) handle.sharedChanged();
  }

  changed(state: State): void {
    if (this.#closed) return;
    this.#up = state.connection.state === 'connected';
    if (this.#up) for (const waiting of this.#waiting.splice(0)) waiting.resolve();
    if (!this.#restoring) this.#handle?.changed(state);
  }

  send<K extends CommandName>(
    command: K,
    args: CommandArgs<K>,
    send: () => Promise<CommandResult<K>>
  ): Promise<CommandResult<K>> | null {
    const handle = this.#handle;
    if (handle === null || this.#closed || !WAITING.has(command)) return null;
    let key: string | null = null;
    if (QUEUED.has(command)) {
      key = globalThis.crypto.randomUUID();
      handle.queued({ key, command, args } as QueuedCommand);
    }
    return this.#deliver(command, send, key, false);
  }

  /** The commands the start read go again, each as it was made (a removal the server no longer finds was made). */
  resend(request: Request): void {
    for (const queued of this.#restored?.commands ?? []) {
      const send = () => request(queued.command, queued.args);
      this.#deliver(queued.command, send, queued.key, true).catch((error: unknown) => {
        if (!this.#closed) this.#deps.log.warn(`a ${queued.command} kept while offline failed:`, error);
      });
    }
  }

  /**
   * Sends once the connection is up; offline (a timeout while it is down, a removal in doubt after
   * a drop) it waits for the connection again. Forgotten once the server answered, either way; kept
   * when the client shuts down first (sent again after the next start).
   */
  async #deliver<R>(command: CommandName, send: () => Promise<R>, key: string | null, again: boolean): Promise<R> {
    for (;;) {
      await this.#connected();
      try {
        const result = await send();
        this.#answered(key);
        return result;
      } catch (error) {
        if (this.#closed) throw error;
        const code = ConversationsError.from(error).code;
        if (code === ErrorCode.Timeout && !this.#up) continue;
        if (command === 'removeMessage' && code === ErrorCode.Unavailable) {
          again = true;
          continue;
        }
        this.#answered(key);
        // a removal sent again that the server no longer finds was made by the first attempt
        if (command === 'removeMessage' && again && code === ErrorCode.NotFound) return {} as R;
        throw error;
      }
    }
  }

  #connected(): Promise<void> {
    if (this.#closed) return Promise.reject(shutDownError());
    if (this.#up) return Promise.resolve();
    return new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  #answered(key: string | null): void {
    if (key !== null) this.#handle?.answered(key);
  }

  takeRestoredSends(): readonly PendingMessage[] {
    const restored = this.#restored;
    if (restored === null) return [];
    this.#restored = { ...restored, pending: [] };
    return restored.pending;
  }

  async clear(): Promise<void> {
    await this.#handle?.clear();
  }

  close(): void {
    this.#closed = true;
    for (const waiting of this.#waiting.splice(0)) waiting.reject(shutDownError());
    this.#handle?.close();
  }

  #timed<T>(promise: Promise<T>, doing: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = after(this.#deps.scheduler, OPEN_TIMEOUT_MS, () =>
        reject(new Error(`${doing} the cache took longer than ${OPEN_TIMEOUT_MS} ms`))
      );
      void promise.then(
        (value) => {
          timer.unsubscribe();
          resolve(value);
        },
        (error: unknown) => {
          timer.unsubscribe();
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      );
    });
  }

  #unavailable(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.#deps.log.warn('the cache is unavailable; running in memory:', reason);
    this.#deps.store.dispatch({ type: 'cacheUnavailable', warning: `The cache is unavailable: ${reason}` });
    this.#deps.store.flush();
  }
}

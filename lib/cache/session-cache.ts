import { ErrorCode, type CommandArgs, type CommandName } from '../protocol';
import { ConversationsError } from '../client/errors';
import type { CacheDeps, Request, SessionCache, SessionLink } from '../client/session/cache-port';
import type { CachedState, QueuedCommand } from '../client/store/cached-state';
import type { PendingMessage, State } from '../client/store/state';
import type { ConnectionLike } from '../client/transport/connection-like';
import { after } from '../client/util/scheduler';
import type { CacheHandle } from './cache-handle';

/** The longest the start waits for the cache to open and read, before running in memory. */
const OPEN_TIMEOUT_MS = 3000;

/** The commands kept until answered (sends are kept as pending messages). */
const QUEUED: ReadonlySet<CommandName> = new Set<CommandName>(['updateMessage', 'removeMessage', 'updateReadHorizon']);

/**
 * One session's cache: the start from it (its state into the store before the socket opens, or a
 * warning and memory only), what is written after each batch, the commands kept until answered,
 * and erasing it.
 */
export class CachedSession implements SessionCache {
  readonly #deps: CacheDeps;
  readonly #open: () => Promise<CacheHandle>;
  #handle: CacheHandle | null = null;
  #closed = false;
  /** What the start read. */
  #restored: CachedState | null = null;

  constructor(deps: CacheDeps, open: () => Promise<CacheHandle>) {
    this.#deps = deps;
    this.#open = open;
  }

  get resumes(): boolean {
    return this.#restored !== null && this.#restored.position > 0;
  }

  async start(session: SessionLink): Promise<ConnectionLike | null> {
    const { store, scope } = this.#deps;
    let handle: CacheHandle;
    let cached: CachedState | null;
    try {
      handle = await this.#timed(this.#open(), 'opening');
      cached = await this.#timed(handle.read(), 'reading');
    } catch (error) {
      this.#unavailable(error);
      return null;
    }
    if (this.#closed) {
      handle.close();
      return null;
    }
    this.#handle = handle;
    handle.onWarning((warning) => store.dispatch({ type: 'cacheUnavailable', warning }));
    if (cached !== null && cached.identity === scope.identity) {
      this.#restored = cached;
      store.dispatch({ type: 'cacheRestored', cached });
      store.flush();
    }
    return handle.connection?.(session) ?? null;
  }

  changed(state: State): void {
    if (!this.#closed) this.#handle?.changed(state);
  }

  track<K extends CommandName>(command: K, args: CommandArgs<K>, sent: Promise<unknown>): void {
    const handle = this.#handle;
    if (handle === null || this.#closed || !QUEUED.has(command)) return;
    const key = globalThis.crypto.randomUUID();
    handle.queued({ key, command, args } as QueuedCommand);
    const done = () => handle.answered(key);
    void sent.then(done, done);
  }

  /** A removal the server no longer finds was made already (before the reload). */
  resend(request: Request): void {
    const handle = this.#handle;
    for (const queued of this.#restored?.commands ?? []) {
      const done = () => handle?.answered(queued.key);
      void request(queued.command, queued.args).then(done, (error: unknown) => {
        const code = ConversationsError.from(error).code;
        if (code !== ErrorCode.NotFound || queued.command !== 'removeMessage')
          this.#deps.log.warn(`a ${queued.command} kept while offline failed:`, error);
        done();
      });
    }
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

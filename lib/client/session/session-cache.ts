import type { SchedulerLike } from 'rxjs';
import { ErrorCode, type CommandArgs, type CommandName } from '../../protocol';
import { ConversationsError } from '../errors';
import type { State } from '../store/state';
import type { Store } from '../store/store';
import type { Logger } from '../util/logger';
import { after } from '../util/scheduler';
import type { CachedState, CacheHandle, CacheScope, ClientCache, QueuedCommand, SessionLink } from './cache-port';
import type { ConnectionLike } from '../transport/connection-like';

/** The longest the start waits for the cache to open and read, before running in memory. */
const OPEN_TIMEOUT_MS = 3000;

/** The commands kept in the cache until answered (sends are kept as pending messages). */
const QUEUED: ReadonlySet<CommandName> = new Set<CommandName>(['updateMessage', 'removeMessage', 'updateReadHorizon']);

/**
 * The session's side of a persistent cache (`options.cache`): the start from it (its state into
 * the store before the socket opens, or a warning and memory only), what is written after each
 * batch, the commands kept until answered, and erasing it. Without a cache every method is a no-op.
 */
export class SessionCache {
  readonly #cache: ClientCache | undefined;
  readonly #scope: CacheScope;
  readonly #store: Store;
  readonly #scheduler: SchedulerLike;
  readonly #log: Logger;
  #handle: CacheHandle | null = null;
  #closed = false;
  /** What the start read, until the session has caught up and sent what it kept. */
  restored: CachedState | null = null;

  constructor(cache: ClientCache | undefined, scope: CacheScope, store: Store, scheduler: SchedulerLike, log: Logger) {
    this.#cache = cache;
    this.#scope = scope;
    this.#store = store;
    this.#scheduler = scheduler;
    this.#log = log;
  }

  /** Whether the start read a state to resume from (not only kept sends). */
  get resumes(): boolean {
    return this.restored !== null && this.restored.position > 0;
  }

  /** Whether a cache was given. */
  get enabled(): boolean {
    return this.#cache !== undefined;
  }

  /**
   * Opens the cache and publishes what it holds (before the socket opens); answers the connection
   * the cache shares between tabs, if it does. Never fails: a cache that cannot be used leaves a
   * warning in the store and the client in memory.
   */
  async start(session: SessionLink): Promise<ConnectionLike | null> {
    if (this.#cache === undefined) return null;
    let handle: CacheHandle;
    let cached: CachedState | null;
    try {
      handle = await this.#timed(this.#cache.open(this.#scope), 'opening');
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
    handle.onWarning((warning) => this.#store.dispatch({ type: 'cacheUnavailable', warning }));
    if (cached !== null && cached.identity === this.#scope.identity) {
      this.restored = cached;
      this.#store.dispatch({ type: 'cacheRestored', cached });
      this.#store.flush();
    }
    return handle.connection?.(session) ?? null;
  }

  /** A batch was published: the cache writes what changed, later. */
  changed(state: State): void {
    if (!this.#closed) this.#handle?.changed(state);
  }

  /** A command goes out: kept (when it is one to keep) until it settles. */
  track<K extends CommandName>(command: K, args: CommandArgs<K>, sent: Promise<unknown>): void {
    const handle = this.#handle;
    if (handle === null || this.#closed || !QUEUED.has(command)) return;
    const key = globalThis.crypto.randomUUID();
    handle.queued({ key, command, args } as QueuedCommand);
    const done = () => handle.answered(key);
    sent.then(done, done);
  }

  /**
   * Sends again the commands the cache kept (edits, removals, horizon moves made before a reload):
   * a removal the server no longer finds was made already.
   */
  resend(request: <K extends CommandName>(command: K, args: CommandArgs<K>) => Promise<unknown>): void {
    const handle = this.#handle;
    for (const queued of this.restored?.commands ?? []) {
      const done = () => handle?.answered(queued.key);
      request(queued.command, queued.args).then(done, (error: unknown) => {
        const code = ConversationsError.from(error).code;
        if (code !== ErrorCode.NotFound || queued.command !== 'removeMessage')
          this.#log.warn(`a ${queued.command} kept while offline failed:`, error);
        done();
      });
    }
  }

  /** Erases what the cache holds for this server and identity. */
  async clear(): Promise<void> {
    await this.#handle?.clear();
  }

  /** Closes the cache. */
  close(): void {
    this.#closed = true;
    this.#handle?.close();
  }

  #timed<T>(promise: Promise<T>, doing: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = after(this.#scheduler, OPEN_TIMEOUT_MS, () =>
        reject(new Error(`${doing} the cache took longer than ${OPEN_TIMEOUT_MS} ms`))
      );
      promise.then(
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
    this.#log.warn('the cache is unavailable; running in memory:', reason);
    this.#store.dispatch({ type: 'cacheUnavailable', warning: `The cache is unavailable: ${reason}` });
    this.#store.flush();
  }
}

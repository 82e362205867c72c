import type { CommandArgs, CommandName, CommandResult } from '../../protocol';
import type { PendingMessage, State } from '../store/state';
import type { Store } from '../store/store';
import type { ConnectionHandlers, ConnectionLike } from '../transport/connection-like';
import type { Logger } from '../util/logger';
import type { SchedulerLike } from 'rxjs';

/**
 * What a persistent cache plugs into a client (`options.cache`). The client knows only these
 * types: the implementation (IndexedDB, one connection for all tabs) is the `rx-conversations/cache`
 * entry, so an application without a cache bundles none of it.
 */
export interface ClientCache {
  /**
   * Joins the cache to a new client's session, first thing in its constructor: the cache may open
   * and read its storage at once, while the client is set up (nothing goes into the store before
   * `start`).
   */
  attach(deps: CacheDeps): SessionCache;
}

/** Whose cache: a different server or identity never reads another's data. */
export interface CacheScope {
  /** The first service URL the client connects to. */
  readonly url: string;
  /** The identity of the token. */
  readonly identity: string;
}

/** What the session gives its cache. */
export interface CacheDeps {
  readonly scope: CacheScope;
  /** The client's store: the kept state goes in as `cacheRestored`, a failure as `cacheUnavailable`. */
  readonly store: Store;
  readonly scheduler: SchedulerLike;
  readonly log: Logger;
}

/** What a shared connection is given of the session: how to connect, its handlers, its position. */
export interface SessionLink {
  readonly connect: ConnectionFactory;
  readonly handlers: ConnectionHandlers;
  readonly resumePosition: () => number | null;
}

/** Makes a connection to the server with the given handlers. */
export type ConnectionFactory = (handlers: ConnectionHandlers, resumePosition: () => number | null) => ConnectionLike;

/** A request as the session sends it. */
export type Request = <K extends CommandName>(command: K, args: CommandArgs<K>) => Promise<unknown>;

/** The cache's side of one session. */
export interface SessionCache {
  /**
   * Opens the cache and publishes what it holds (before the socket opens); answers the connection
   * shared between tabs, if the cache shares one. Never fails: a cache that cannot be used leaves
   * a warning in the store and the client in memory.
   */
  start(session: SessionLink): Promise<ConnectionLike | null>;
  /** Whether the start read a state to resume from (not only kept sends). */
  readonly resumes: boolean;
  /** A batch was published: the cache writes what changed, later. */
  changed(state: State): void;
  /**
   * Sends a command the cache keeps (sends, edits, removals, horizon moves): kept at once, sent
   * by `send` when the connection is up (not timed out while offline), forgotten once the server
   * answered; a shutdown leaves it kept for the next start. Null: not a command it keeps.
   */
  send<K extends CommandName>(
    command: K,
    args: CommandArgs<K>,
    send: () => Promise<CommandResult<K>>
  ): Promise<CommandResult<K>> | null;
  /** Sends again the commands the start read (edits, removals, horizon moves made before a reload). */
  resend(request: Request): void;
  /** The pending sends the start read, once (sent again when the client is initialized). */
  takeRestoredSends(): readonly PendingMessage[];
  /** Erases what is kept for this server and identity. */
  clear(): Promise<void>;
  /** Closes the cache. */
  close(): void;
}

import type { CommandArgs, MessageData, ParticipantData } from '../../protocol';
import type { ConversationEntry, PendingMessage, State, UserEntry } from '../store/state';
import type { ConnectionHandlers } from '../transport/connection';
import type { ConnectionLike } from '../transport/connection-like';

/**
 * What a persistent cache plugs into a client (`options.cache`). The client knows only these
 * types: the implementation (IndexedDB, one connection for all tabs) is the `rx-conversations/cache`
 * entry, so an application without a cache bundles none of it.
 */
export interface ClientCache {
  /**
   * Opens the cache of one server and identity. Rejects (or never settles) when storage is
   * unavailable: the client then runs in memory and says so on its status.
   */
  open(scope: CacheScope): Promise<CacheHandle>;
}

/** Whose cache: a different server or identity never reads another's data. */
export interface CacheScope {
  /** The first service URL the client connects to. */
  readonly url: string;
  /** The identity of the token. */
  readonly identity: string;
}

/** A command made while offline and kept until it is answered: edits, removals, horizon moves. */
export type QueuedCommand =
  | { readonly key: string; readonly command: 'updateMessage'; readonly args: CommandArgs<'updateMessage'> }
  | { readonly key: string; readonly command: 'removeMessage'; readonly args: CommandArgs<'removeMessage'> }
  | { readonly key: string; readonly command: 'updateReadHorizon'; readonly args: CommandArgs<'updateReadHorizon'> };

/** A conversation's roster as kept. */
export interface CachedRoster {
  readonly sid: string;
  readonly loaded: boolean;
  readonly participants: readonly ParticipantData[];
}

/** A conversation's messages as kept, in index order. */
export interface CachedWindow {
  readonly sid: string;
  readonly messages: readonly MessageData[];
}

/** The durable part of a client's state, as a cache gives it back. */
export interface CachedState {
  readonly identity: string;
  /** The seq of the last event the kept state holds: the client resumes from it. */
  readonly position: number;
  readonly conversations: readonly ConversationEntry[];
  readonly rosters: readonly CachedRoster[];
  readonly windows: readonly CachedWindow[];
  readonly users: readonly UserEntry[];
  /** Sends not yet answered (pending) or failed, in the order they were issued. */
  readonly pending: readonly PendingMessage[];
  /** Edits, removals and horizon moves not yet answered. */
  readonly commands: readonly QueuedCommand[];
}

/** One open cache. */
export interface CacheHandle {
  /** The kept state, or null when there is none (or it was dropped: corrupt, another version). */
  read(): Promise<CachedState | null>;
  /**
   * A batch was published. The cache writes what changed later, coalesced, off the hot path (a tab
   * that follows another's connection writes only its own sends: the leader writes the rest).
   */
  changed(state: State): void;
  /** A command to keep until `answered`. */
  queued(command: QueuedCommand): void;
  /** That command was answered (or failed): it is not kept any more. */
  answered(key: string): void;
  /** Erases everything kept for this scope. */
  clear(): Promise<void>;
  /** Why the cache stopped working (quota, blocked), when it did; told once. */
  onWarning(listener: (warning: string) => void): void;
  /**
   * The connection to use, when the cache shares one between tabs; null for the client's own.
   * `session.connect` makes the connection this tab would use alone (a leader tab uses it for
   * every tab); `session.handlers` are the session's, `session.resumePosition` its position.
   */
  connection?(session: SessionLink): ConnectionLike | null;
  /** Closes the cache (writing what is due first). */
  close(): void;
}

/** What a shared connection is given of the session: how to connect, its handlers, its position. */
export interface SessionLink {
  readonly connect: ConnectionFactory;
  readonly handlers: ConnectionHandlers;
  readonly resumePosition: () => number | null;
}

/** Makes a connection to the server with the given handlers. */
export type ConnectionFactory = (handlers: ConnectionHandlers, resumePosition: () => number | null) => ConnectionLike;

import type { CommandArgs, MessageData, ParticipantData } from '../../protocol';
import type { ConversationEntry, PendingMessage, UserEntry } from './state';

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

/**
 * The part of a client's kept state a persistent cache gives back first (`cacheRestored`): the
 * conversation list as it is shown (conversations with their previews, unread counts and
 * horizons; users), the position to resume from, and the tab's own sends and commands.
 */
export interface CachedState {
  readonly identity: string;
  /** The seq of the last event the kept state holds: the client resumes from it (0: nothing to resume). */
  readonly position: number;
  readonly conversations: readonly ConversationEntry[];
  readonly users: readonly UserEntry[];
  /** Sends not yet answered (pending) or failed, in the order they were issued. */
  readonly pending: readonly PendingMessage[];
  /** Edits, removals and horizon moves not yet answered. */
  readonly commands: readonly QueuedCommand[];
}

/**
 * The rest of the kept state, given back after the list is published (`cacheDetailRestored`) and
 * before the socket opens: the message windows and the rosters, of the same position.
 */
export interface CachedDetail {
  readonly windows: readonly CachedWindow[];
  readonly rosters: readonly CachedRoster[];
}

import type {
  ConversationData,
  MessageData,
  ParticipantData,
  ServerEvent,
  UserConversationData,
  UserData,
  WireError
} from '../../protocol';
import type { CachedDetail, CachedState } from './cached-state';
import type { ConnectionErrorInfo, ConnectionState, PendingMessage } from './state';

/**
 * Everything that changes the store: server events as they arrive, and the client's own facts
 * (connection changes, loaded pages, optimistic sends, timers). The reducer is a pure function of
 * the state and a batch of these.
 */
export type Action =
  /** A server event. Durable ones with a seq at or below `session.position` are ignored. */
  | { type: 'server'; event: ServerEvent }
  | { type: 'connectionChanged'; state: ConnectionState; error?: ConnectionErrorInfo | null }
  /** A handshake succeeded. `position` replaces the session position unless the outcome was `resumed`. */
  | {
      type: 'sessionStarted';
      identity: string;
      position: number;
      resume: 'fresh' | 'resumed' | 'resync';
      reachabilityEnabled: boolean;
    }
  | { type: 'initialized' }
  /** Initialization failed; `error` says why (kept in `session.failure`). */
  | { type: 'initFailed'; error?: ConnectionErrorInfo }
  | { type: 'shutdown' }
  /** A page of the user's conversations. */
  | { type: 'conversationsLoaded'; items: readonly UserConversationData[] }
  /**
   * The whole list after a resync: conversations missing from it are removed, message windows are
   * dropped (they may have gaps now), the rest is upserted.
   */
  | { type: 'conversationsReplaced'; items: readonly UserConversationData[] }
  /**
   * After a resync, once every page is in (as conversationsLoaded): removes the conversations not
   * in `keep` (conversationLeft + conversationRemoved) and drops every message window, since
   * history may have gaps now. Pending sends are kept. Only joined conversations are pruned (peeked
   * ones are not in the user's list), chunks written in the same batch stay (its emissions name
   * them), and rosters are marked not loaded (joins and leaves may have been missed).
   */
  | { type: 'conversationsPruned'; keep: readonly string[] }
  /** A conversation seen without taking part (peek). */
  | { type: 'conversationPeeked'; conversation: ConversationData }
  /** A whole roster. */
  | { type: 'participantsLoaded'; conversationSid: string; items: readonly ParticipantData[] }
  /** A page of messages (no messageAdded for these). */
  | { type: 'messagesLoaded'; conversationSid: string; items: readonly MessageData[] }
  /** An older page of a conversation's history was asked for (`loadOlder`). */
  | { type: 'historyRequested'; conversationSid: string }
  /** That page: its messages, and whether the server had nothing before them. */
  | { type: 'historyLoaded'; conversationSid: string; items: readonly MessageData[]; reachedStart: boolean }
  /** That page could not be loaded. */
  | { type: 'historyFailed'; conversationSid: string; error: WireError }
  /** Users answered by subscribeUsers. */
  | { type: 'usersLoaded'; items: readonly UserData[] }
  | { type: 'userUnsubscribed'; identity: string }
  | { type: 'pendingAdded'; message: PendingMessage }
  | { type: 'pendingFailed'; conversationSid: string; key: string; error: WireError }
  | { type: 'pendingRetried'; conversationSid: string; key: string }
  | { type: 'pendingRemoved'; conversationSid: string; key: string }
  /** The kept list (and position, own sends), read from a persistent cache before the socket opens. */
  | { type: 'cacheRestored'; cached: CachedState }
  /** The rest kept at that position (message windows, rosters), read after the list is published. */
  | { type: 'cacheDetailRestored'; position: number; detail: CachedDetail }
  /** The persistent cache cannot be used: the client runs in memory. */
  | { type: 'cacheUnavailable'; warning: string }
  /** A typing timer ran out. */
  | { type: 'typingExpired'; conversationSid: string; participantSid: string };

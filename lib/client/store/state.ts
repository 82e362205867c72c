import type { ConversationData, MessageData, ParticipantData, UserData, WireError } from '../../protocol';

import type { ConnectionErrorInfo, ConnectionState } from '../transport/connection-state';

export type { ConnectionErrorInfo, ConnectionState };

/** Whether the user takes part in a conversation. */
export type ConversationStatus = 'joined' | 'notParticipating';

/** A conversation in the store: the shared fields from the server plus the user's own view. */
export interface ConversationEntry {
  readonly data: ConversationData;
  readonly status: ConversationStatus;
  /** The user's own participant sid, when joined. */
  readonly participantSid: string | null;
  /** The user's read horizon; null until first set. */
  readonly lastReadMessageIndex: number | null;
  /** Messages after the read horizon; null until the horizon is first set. Exact, uncapped. */
  readonly unreadCount: number | null;
  readonly notificationLevel: 'default' | 'muted';
  /**
   * Beyond the reference: messages after the read horizon (all, before it is set) that mention the
   * user (0 for a conversation the user does not take part in).
   */
  readonly mentionCount: number;
}

/** The roster of one conversation, as far as it is known. */
export interface RosterEntry {
  /** True once the whole roster was fetched; live events keep it whole after that. */
  readonly loaded: boolean;
  readonly bySid: Readonly<Record<string, ParticipantData>>;
}

/**
 * Messages held per chunk: `Math.floor(index / CHUNK_SIZE)` keys a chunk. Every append copies one
 * chunk and the window's list of chunks, so the cost per append is about CHUNK_SIZE plus the
 * window's size / CHUNK_SIZE slots: near the square root of the default `messageCacheSize` (1,000)
 * both are small. (Measured on store-ingest: 128 → 32 made batched ingestion about 1.5× faster.)
 */
export const CHUNK_SIZE = 32;

/**
 * One chunk: the message of index `i` sits at slot `i % CHUNK_SIZE` of the chunk keyed
 * `Math.floor(i / CHUNK_SIZE)`; a slot the client does not hold is `undefined` (or a hole).
 *
 * An array, not a record keyed by index: V8 copies a frozen array of 128 slots in about 0.2 µs and
 * a frozen integer-keyed object in 3 to 16 µs, and every append copies one chunk. Read messages
 * with `messageAt(window, index)` and `heldMessages(window)` (store/chunks.ts) rather than by hand.
 */
export type MessageChunk = readonly (MessageData | undefined)[];

/** An optimistic send, shown at once and reconciled with the server's message by its key. */
export interface PendingMessage {
  readonly key: string;
  readonly conversationSid: string;
  readonly author: string;
  readonly body: string | null;
  readonly attributes: import('../../protocol').JSONValue;
  readonly mediaSids: readonly string[];
  readonly contentSid: string | null;
  /** ms since the epoch, when the send was issued. */
  readonly dateCreated: number;
  readonly status: 'pending' | 'failed';
  readonly error: WireError | null;
  /** Beyond the reference: the message it answers, by index or sid, as the send named it. */
  readonly replyTo?: number | string;
}

/**
 * The messages of one conversation the client holds: its chunks, in order, plus pending sends.
 *
 * Chunk `chunkList[i]` has the key `chunkKeys[i]` (keys ascending; no chunk is empty). Two arrays
 * rather than a record keyed by chunk key: V8 builds and freezes a small integer-keyed record in
 * about 1 µs, a short array in about 0.06 µs, and every batch rebuilds this for each window it
 * appends to. Read through `messageAt(window, index)` and `heldMessages(window)` (store/chunks.ts).
 */
export interface MessageWindow {
  /** The keys of the chunks held, ascending. */
  readonly chunkKeys: readonly number[];
  /** The chunks held, in the order of `chunkKeys`. */
  readonly chunkList: readonly MessageChunk[];
  /** How many messages the chunks hold. */
  readonly size: number;
  /** Pending and failed sends, in the order they were issued. */
  readonly pending: readonly PendingMessage[];
}

/** How far a conversation's history is loaded, for infinite scroll (`selectHistory`). */
export interface HistoryEntry {
  /** An older page is being loaded. */
  readonly loading: boolean;
  /** Why the last load failed, until the next one starts. */
  readonly error: WireError | null;
  /** The index of the conversation's first message, once a page reached it (-1: it had none). */
  readonly firstIndex: number | null;
  /** A resync dropped the messages held (history may have gaps there); the next load clears it. */
  readonly dropped: boolean;
}

/** A user in the store. */
export interface UserEntry {
  readonly data: UserData;
  /** Subscribed users receive live updates; the current user always is. */
  readonly subscribed: boolean;
}

/** The client's session. */
export interface SessionState {
  /** The current user's identity, once known. */
  readonly identity: string | null;
  /** The seq of the last durable event applied. Events at or below it are ignored. */
  readonly position: number;
  readonly status: 'initializing' | 'initialized' | 'failed' | 'shutdown';
  readonly reachabilityEnabled: boolean;
  /** Why initialization failed, once it has. */
  readonly failure: ConnectionErrorInfo | null;
  /** Where the state comes from: nothing yet, a persistent cache (not yet caught up), the server. */
  readonly source: 'none' | 'cache' | 'live';
  /** Why the persistent cache is not used (unavailable, blocked, over quota), when it is not. */
  readonly warning: string | null;
}

/** Settings the reducer obeys. */
export interface StoreConfig {
  /**
   * Most messages held per conversation; beyond it whole chunks are evicted, farthest from the newest touched index
   * first.
   */
  readonly messageCacheSize: number;
}

/**
 * The whole, frozen, normalized state of a client.
 *
 * Every record keyed by sid or identity is a null-prototype object, so any string (`__proto__`,
 * `constructor`) is a safe key and a missing key reads `undefined`.
 */
export interface State {
  readonly config: StoreConfig;
  readonly connection: { readonly state: ConnectionState; readonly error: ConnectionErrorInfo | null };
  readonly session: SessionState;
  readonly conversations: Readonly<Record<string, ConversationEntry>>;
  /** Rosters by conversation sid. */
  readonly participants: Readonly<Record<string, RosterEntry>>;
  /** Message windows by conversation sid. */
  readonly messages: Readonly<Record<string, MessageWindow>>;
  /** Users by identity. */
  readonly users: Readonly<Record<string, UserEntry>>;
  /** Who is typing: conversation sid → participant sid → true. Timers live outside the store. */
  readonly typing: Readonly<Record<string, Readonly<Record<string, true>>>>;
  /** History loading, by conversation sid (only conversations whose history was asked for). */
  readonly history: Readonly<Record<string, HistoryEntry>>;
}

import * as t from 'io-ts';
import {
  ConversationData,
  JSONValue,
  MessageData,
  NotificationLevelValue,
  ParticipantData,
  UserData,
  WireError,
  commandCodecs,
  nullable
} from '../protocol';
import type { CachedRoster, CachedWindow, QueuedCommand } from '../client/store/cached-state';
import type { ConversationEntry, PendingMessage, UserEntry } from '../client/store/state';

/**
 * What the cache stores, as io-ts codecs over the protocol's own: every record read back is checked
 * with them, so a corrupt record or one of another version is dropped, never trusted.
 */

/**
 * The kept format. A cache of another format is dropped (and rebuilt from the server). 2: every
 * kind in 16 chunk records; 3: the conversations and users in 4.
 */
export const CACHE_FORMAT = 3;

/** The `meta` record of the snapshot store: whose cache it is, and where its stream stands. */
export const Meta = t.type({
  format: t.literal(CACHE_FORMAT),
  url: t.string,
  identity: t.string,
  position: t.number
});
/** The `meta` record. */
export type Meta = t.TypeOf<typeof Meta>;

/** A conversation entry (the store's `ConversationEntry`). */
export const StoredConversation = t.type({
  data: ConversationData,
  status: t.keyof({ joined: null, notParticipating: null }),
  participantSid: nullable(t.string),
  lastReadMessageIndex: nullable(t.number),
  unreadCount: nullable(t.number),
  notificationLevel: NotificationLevelValue,
  mentionCount: t.number
});

/** A roster. */
export const StoredRoster = t.type({ sid: t.string, loaded: t.boolean, participants: t.array(ParticipantData) });

/** A window's messages, in index order. */
export const StoredWindow = t.type({ sid: t.string, messages: t.array(MessageData) });

/** A user entry. */
export const StoredUser = t.type({ data: UserData, subscribed: t.boolean });

/** A pending or failed send. */
export const StoredPending = t.intersection([
  t.type({
    key: t.string,
    conversationSid: t.string,
    author: t.string,
    body: nullable(t.string),
    attributes: JSONValue,
    mediaSids: t.array(t.string),
    contentSid: nullable(t.string),
    dateCreated: t.number,
    status: t.keyof({ pending: null, failed: null }),
    error: nullable(WireError)
  }),
  t.partial({ replyTo: t.union([t.number, t.string]) })
]);

const QUEUED_NAMES = ['updateMessage', 'removeMessage', 'updateReadHorizon'] as const;

/** A kept command: its name is one of the queued ones and its arguments pass the command's codec. */
export function isQueuedCommand(value: unknown): value is QueuedCommand {
  if (typeof value !== 'object' || value === null) return false;
  const { key, command, args } = value as { key?: unknown; command?: unknown; args?: unknown };
  if (typeof key !== 'string') return false;
  const name = QUEUED_NAMES.find((known) => known === command);
  return name !== undefined && commandCodecs[name].args.is(args);
}

// a record the codecs accept is one of the store's own types: a field the store gains fails to compile here
type Agrees<A, B> = [A] extends [B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const agree: [
  Agrees<t.TypeOf<typeof StoredConversation>, ConversationEntry>,
  Agrees<t.TypeOf<typeof StoredRoster>, CachedRoster>,
  Agrees<t.TypeOf<typeof StoredWindow>, CachedWindow>,
  Agrees<t.TypeOf<typeof StoredUser>, UserEntry>,
  Agrees<t.TypeOf<typeof StoredPending>, PendingMessage>
] = [true, true, true, true, true];
void agree;

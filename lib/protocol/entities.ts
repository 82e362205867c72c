import * as t from 'io-ts';
import { union, intersection } from './combinators';
import { JSONValue, boundedString } from './json';

/** A value or null. */
export const nullable = <C extends t.Mixed>(codec: C) => union([codec, t.null]);

/** Dates travel as milliseconds since the epoch. */
export const Timestamp = t.number;

/** A conversation's lifecycle state. */
export const ConversationStateValue = t.keyof({ active: null, inactive: null, closed: null });
/** A conversation's lifecycle state. */
export type ConversationStateValue = t.TypeOf<typeof ConversationStateValue>;

/** Longest role name, in characters. */
export const MAX_ROLE_NAME_LENGTH = 64;

/**
 * A participant's role in a conversation, by name: `user` (the default), `admin` (a
 * conversation's creator), or a role the service defined (see docs/rest-api.md, Roles).
 */
export const Role = boundedString(MAX_ROLE_NAME_LENGTH, 1);
/** A participant's role in a conversation. */
export type Role = t.TypeOf<typeof Role>;

/** Push notification level of a conversation, per user. */
export const NotificationLevelValue = t.keyof({ default: null, muted: null });

/** Kind of a message. */
export const MessageTypeValue = t.keyof({ text: null, media: null });

/** Category of a media attachment. */
export const MediaCategoryValue = t.keyof({ media: null, body: null, history: null });

/** The newest message of a conversation, as shown in a list (the reference has only index and date). */
export const LastMessageData = t.type({
  index: t.number,
  sid: t.string,
  author: nullable(t.string),
  /** The body, cut to 256 characters. */
  body: nullable(t.string),
  type: MessageTypeValue,
  dateCreated: Timestamp
});
/** The newest message of a conversation, as shown in a list. */
export type LastMessageData = t.TypeOf<typeof LastMessageData>;

/**
 * Beyond the reference: the message a reply answers, as it is now: its preview follows the parent's
 * edits, and once the parent is removed its body is null and `removed` is true.
 */
export const ReplyPreviewData = intersection([LastMessageData, t.partial({ removed: t.boolean })]);
/** The message a reply answers, as it is now. */
export type ReplyPreviewData = t.TypeOf<typeof ReplyPreviewData>;

/** A conversation's shared fields: the same for every participant. */
export const ConversationData = t.type({
  sid: t.string,
  uniqueName: nullable(t.string),
  friendlyName: nullable(t.string),
  attributes: JSONValue,
  createdBy: t.string,
  /** A private conversation is visible only to its participants; a public one can be peeked and joined by anyone. */
  isPrivate: t.boolean,
  dateCreated: Timestamp,
  dateUpdated: Timestamp,
  state: t.type({ current: ConversationStateValue, dateUpdated: Timestamp }),
  lastMessage: nullable(LastMessageData),
  messagesCount: t.number,
  participantsCount: t.number
});
/** A conversation's shared fields. */
export type ConversationData = t.TypeOf<typeof ConversationData>;

/** A participant of a conversation. */
export const ParticipantData = t.type({
  sid: t.string,
  conversationSid: t.string,
  identity: nullable(t.string),
  type: t.string,
  role: Role,
  attributes: JSONValue,
  dateCreated: Timestamp,
  dateUpdated: Timestamp,
  lastReadMessageIndex: nullable(t.number),
  lastReadTimestamp: nullable(Timestamp),
  lastDeliveredMessageIndex: nullable(t.number)
});
/** A participant of a conversation. */
export type ParticipantData = t.TypeOf<typeof ParticipantData>;

/** A conversation as one participant sees it: the shared fields plus that user's own. */
export const UserConversationData = intersection([
  t.type({
    conversation: ConversationData,
    participant: ParticipantData,
    /** Messages after the read horizon; null until the horizon is first set. */
    unreadCount: nullable(t.number),
    notificationLevel: NotificationLevelValue
  }),
  t.partial({
    /** Beyond the reference: messages after the read horizon (all, before it is set) that mention the user. */
    mentionCount: t.number
  })
]);
/** A conversation as one participant sees it. */
export type UserConversationData = t.TypeOf<typeof UserConversationData>;

/** A media attachment, by reference. */
export const MediaData = t.type({
  sid: t.string,
  filename: nullable(t.string),
  contentType: t.string,
  size: t.number,
  category: MediaCategoryValue
});
/** A media attachment, by reference. */
export type MediaData = t.TypeOf<typeof MediaData>;

/**
 * One reaction key on a message: how many users reacted with it, and the first few of them
 * (`LIMITS.reactionIdentitiesShown`, oldest first).
 */
export const ReactionData = t.type({ key: t.string, count: t.number, identities: t.array(t.string) });
/** One reaction key on a message. */
export type ReactionData = t.TypeOf<typeof ReactionData>;

/** A message. */
export const MessageData = intersection([
  t.type({
    sid: t.string,
    conversationSid: t.string,
    index: t.number,
    author: nullable(t.string),
    participantSid: nullable(t.string),
    body: nullable(t.string),
    attributes: JSONValue,
    type: MessageTypeValue,
    media: t.array(MediaData),
    contentSid: nullable(t.string),
    dateCreated: Timestamp,
    dateUpdated: Timestamp,
    lastUpdatedBy: nullable(t.string),
    /** The idempotency key the author sent it with, so the author's client can match its pending copy. */
    key: nullable(t.string)
  }),
  t.partial({
    /** The values of the content template's variables the message was sent with (absent: none). */
    contentVariables: t.record(t.string, t.string),
    /** Beyond the reference: the reactions on the message, by key in the order first used (absent: none). */
    reactions: t.array(ReactionData),
    /**
     * Beyond the reference: the keys the reading user reacted with. Only in answers to one user
     * (`getMessages`, `searchMessages`), never in events, which every participant shares.
     */
    myReactions: t.array(t.string),
    /** Beyond the reference: the message this one answers, as it is now (follows its edits and removal). */
    replyTo: ReplyPreviewData,
    /** Beyond the reference: the identities `@`-mentioned in the body (participants only). */
    mentions: t.array(t.string)
  })
]);
/** A message. */
export type MessageData = t.TypeOf<typeof MessageData>;

/** A user: profile and reachability. */
export const UserData = t.type({
  identity: t.string,
  friendlyName: nullable(t.string),
  attributes: JSONValue,
  /** null when reachability is disabled on the server. */
  isOnline: nullable(t.boolean),
  isNotifiable: nullable(t.boolean)
});
/** A user: profile and reachability. */
export type UserData = t.TypeOf<typeof UserData>;

/** A rich content template. `variants` is keyed by variant type (`twilio/text`, `twilio/card`, ...). */
export const ContentTemplateData = t.type({
  sid: t.string,
  friendlyName: t.string,
  variables: t.record(t.string, t.string),
  variants: t.record(t.string, JSONValue),
  dateCreated: Timestamp,
  dateUpdated: Timestamp
});
/** A rich content template. */
export type ContentTemplateData = t.TypeOf<typeof ContentTemplateData>;

/** A participant's delivery horizon: their client received every message up to `index`. */
export const DeliveryHorizonData = t.type({ participantSid: t.string, index: t.number });
/** A participant's delivery horizon. */
export type DeliveryHorizonData = t.TypeOf<typeof DeliveryHorizonData>;

/** One participant's receipt for one message. */
export const DeliveryReceiptData = t.type({
  participantSid: t.string,
  identity: nullable(t.string),
  messageSid: t.string,
  conversationSid: t.string,
  status: t.keyof({ sent: null, delivered: null, read: null }),
  dateUpdated: nullable(Timestamp)
});
/** One participant's receipt for one message. */
export type DeliveryReceiptData = t.TypeOf<typeof DeliveryReceiptData>;

/**
 * Beyond the reference: a message that matched a search, with where its body matched: `[start,
 * end)` offsets in UTF-16 code units, ascending.
 */
export const SearchHitData = t.type({
  message: MessageData,
  highlights: t.array(t.tuple([t.number, t.number]))
});
/** A message that matched a search. */
export type SearchHitData = t.TypeOf<typeof SearchHitData>;

import type {
  ContentTemplateData,
  ConversationData,
  MediaData,
  JSONValue,
  MessageData,
  ParticipantData,
  UserConversationData
} from '../../protocol';

/** Push notification level of one user in one conversation. */
export type NotificationLevel = UserConversationData['notificationLevel'];

/** A stored conversation: its wire fields plus what the server keeps for itself. */
export interface ConversationRecord extends ConversationData {
  /** The index the next message gets. */
  nextMessageIndex: number;
  /** Time of the latest activity (creation, message), for sorting a user's list. */
  lastActivity: number;
}

/**
 * The stored read horizon "set, before the first message" (all read in a conversation that had
 * no message yet): later messages count as unread. On the wire it reads as `null`.
 */
export const HORIZON_BEFORE_FIRST = -1;

/**
 * A stored participant: its wire fields plus the user's own settings for the conversation.
 * `lastReadMessageIndex` may be {@link HORIZON_BEFORE_FIRST}.
 */
export interface ParticipantRecord extends ParticipantData {
  identity: string;
  notificationLevel: NotificationLevel;
  /** When the delivery horizon last moved (ms), or null. */
  lastDeliveredTimestamp: number | null;
}

/** A stored message. */
export type MessageRecord = MessageData;

/** A stored user profile. */
export interface UserRecord {
  identity: string;
  friendlyName: string | null;
  attributes: JSONValue;
  dateCreated: number;
  dateUpdated: number;
}

/** An event to append to the log. */
export interface NewEvent {
  name: string;
  /** The conversation it is about (visibility by membership), or null. */
  conversationSid: string | null;
  /** The only identity that receives it, or null. */
  targetIdentity: string | null;
  /** The exact `data` object sent on the wire. */
  data: JSONValue;
}

/** An event in the log, with its position in the server-wide sequence. */
export interface EventRecord extends NewEvent {
  seq: number;
  createdAt: number;
}

/** One of a user's conversations, as the list shows it. */
export interface UserConversationRecord {
  conversation: ConversationRecord;
  participant: ParticipantRecord;
  unreadCount: number | null;
}

/** Where a page of a user's conversation list starts: after this (activity, sid). */
export interface ListPosition {
  lastActivity: number;
  sid: string;
}

/** A push registration of a user's device. */
export interface PushRegistration {
  identity: string;
  channelType: 'apn' | 'fcm';
  registrationId: string;
}

/** A stored media: its wire fields plus who uploaded it and the message it is attached to. */
export interface MediaRecord extends MediaData {
  /** The uploader: the only one who may attach it, or see it before it is attached. */
  identity: string;
  /** Set when a message takes it; media belong to one message. */
  conversationSid: string | null;
  messageSid: string | null;
  dateCreated: number;
}

/** Which media `Tx.deleteMedia` removes: a message's, a conversation's, or uploads never attached. */
export type MediaScope = { messageSid: string } | { conversationSid: string } | { unattachedBefore: number };

/** A stored content template. */
export type TemplateRecord = ContentTemplateData;

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

/** A stored message (`myReactions` is never stored: it is added to one user's answers). */
export type MessageRecord = MessageData;

/** One user's reaction on one message. */
export interface ReactionRecord {
  messageSid: string;
  conversationSid: string;
  identity: string;
  key: string;
  dateCreated: number;
}

/** Where a page of search results starts: after this position (an engine's own, opaque to the domain). */
export interface SearchPosition {
  a: number;
  b: string | null;
}

/** A message that matched a search, with its position in the results. */
export interface SearchMatch {
  message: MessageRecord;
  position: SearchPosition;
}

/** A stored user profile. */
export interface UserRecord {
  identity: string;
  friendlyName: string | null;
  attributes: JSONValue;
  /** The user's service role, by name; null: the default one. */
  role: string | null;
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
  /** Messages after the read horizon (all, before it is set) that mention the identity. */
  mentionCount: number;
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

/** A stored role: a named set of permissions for users (`service`) or participants (`conversation`). */
export interface RoleRecord {
  sid: string;
  /** Unique; participants and users refer to the role by it. */
  friendlyName: string;
  type: 'service' | 'conversation';
  permissions: string[];
  dateCreated: number;
  dateUpdated: number;
}

/** A stored API key: its secret only as a SHA-256 hash. */
export interface ApiKeyRecord {
  sid: string;
  friendlyName: string;
  /** Hex SHA-256 of the secret. */
  secretHash: string;
  scopes: string[];
  dateCreated: number;
}

/**
 * A webhook: the service's post-event and pre-event ones (`conversationSid` null, at most one of
 * each kind) and a conversation's post-event ones.
 */
export interface WebhookRecord {
  sid: string;
  conversationSid: string | null;
  kind: 'post' | 'pre';
  url: string;
  method: string;
  /** The event types it is called for (`onMessageAdded`, ...). */
  filters: string[];
  /** Pre-event: what to do when the call times out or fails. */
  failurePolicy: 'allow' | 'refuse';
  /** Pre-event: how long to wait for the answer. */
  timeoutMs: number;
  dateCreated: number;
  dateUpdated: number;
}

/** A post-event webhook call waiting in the outbox: written in the event's transaction, deleted once delivered. */
export interface OutboxRecord {
  id: number;
  /** Stable across retries: receivers drop duplicates by it (`webhook-id`). */
  messageId: string;
  /** The webhook it goes to (its sid). */
  webhookSid: string;
  url: string;
  method: string;
  /** Calls with the same key are delivered one after another in id order (the webhook and the conversation). */
  orderingKey: string;
  eventType: string;
  /** The JSON body. */
  payload: string;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
}

/** An outbox entry before it is written. */
export type NewOutboxRecord = Omit<OutboxRecord, 'id' | 'attempts'>;

/** One attempt to deliver a webhook call, kept in the delivery log. */
export interface DeliveryRecord {
  id: number;
  messageId: string;
  webhookSid: string;
  eventType: string;
  attempt: number;
  /** `delivered`; `failed` (it will be retried); `dropped` (retried for too long). */
  outcome: 'delivered' | 'failed' | 'dropped';
  /** The receiver's HTTP status, or null when there was no answer. */
  status: number | null;
  error: string | null;
  durationMs: number;
  createdAt: number;
}

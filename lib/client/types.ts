import type { JSONValue } from '../protocol';
import type {
  ConversationUpdateReason,
  MessageUpdateReason,
  ParticipantUpdateReason,
  UserUpdateReason
} from './store/emissions';
import type { ConnectionErrorInfo, ConnectionState } from './store/state';

export type { JSONValue, JSONObject, JSONArray } from '../protocol';
export type {
  ConnectionState,
  ConversationUpdateReason,
  MessageUpdateReason,
  ParticipantUpdateReason,
  UserUpdateReason
};

/** The reference SDK's connection error payload. */
export type ConnectionError = ConnectionErrorInfo;

/** Whether the user takes part in a conversation. */
export type ConversationStatus = 'notParticipating' | 'joined';
/** Push notification level of a conversation for the user. */
export type NotificationLevel = 'default' | 'muted';
/** Deprecated client state of the reference SDK. */
export type State = 'failed' | 'initialized';
/** Kind of a participant; this server has chat participants only. */
export type ParticipantType = 'chat' | 'sms' | 'whatsapp' | 'email' | (string & {});
/** Kind of a message. */
export type MessageType = 'text' | 'media';
/** Category of a media attachment. */
export type MediaCategory = 'media' | 'body' | 'history';
/** Push channels. */
export type NotificationsChannelType = 'fcm' | 'apn';
/** How many recipients reached a delivery state. */
export type DeliveryAmount = 'none' | 'some' | 'all';
/** A recipient's delivery state. */
export type DeliveryStatus = 'sent' | 'delivered' | 'failed' | 'read' | 'undelivered' | 'queued';
/** Level of an email participant. */
export type ParticipantEmailLevel = 'to' | 'cc';
/** Level of an email recipient. */
export type EmailRecipientLevel = 'to' | 'from' | 'cc';

/** A conversation's lifecycle state. */
export interface ConversationState {
  current: 'active' | 'inactive' | 'closed';
  dateUpdated: Date | null;
}

/**
 * The newest message of a conversation. The reference has `index` and `dateCreated`; this library
 * adds the preview (`body`, cut to 256 characters), `author`, `sid` and `type`, so a list needs no
 * extra fetch per row.
 */
export interface LastMessage {
  index?: number;
  dateCreated?: Date;
  sid?: string;
  author?: string | null;
  body?: string | null;
  type?: MessageType;
}

/** Limits the server applies to a conversation's messages. */
export interface ConversationLimits {
  mediaAttachmentsCountLimit: number;
  mediaAttachmentSizeLimitInMb: number;
  mediaAttachmentsTotalSizeLimitInMb: number;
  emailHistoriesAllowedContentTypes: string[];
  emailBodiesAllowedContentTypes: string[];
}

/** Email binding of a conversation (non-chat channels; empty here). */
export interface ConversationEmailBinding {
  name?: string;
  projected_address: string;
}
/** Bindings of a conversation to non-chat channels (none on this server). */
export interface ConversationBindings {
  email?: ConversationEmailBinding;
}
/** Email binding of a participant. */
export interface ParticipantEmailBinding {
  name: string;
  address: string;
  level: ParticipantEmailLevel;
}
/** Bindings of a participant to non-chat channels (none on this server). */
export interface ParticipantBindings {
  email?: ParticipantEmailBinding;
}
/** Binding options for a non-chat participant. */
export interface ParticipantBindingOptions {
  email?: ParticipantEmailBinding;
}

/** Options of `createConversation`. */
export interface CreateConversationOptions {
  attributes?: JSONValue;
  friendlyName?: string;
  uniqueName?: string;
  /** Default true: only participants see it. A public conversation can be peeked and joined by anyone. */
  isPrivate?: boolean;
  /** Accepted for compatibility; not used. */
  access?: string;
}

/** A media payload to send. */
export interface SendMediaOptions {
  contentType: null | string;
  filename?: string;
  media: null | string | Blob | ArrayBuffer | Uint8Array;
}

/** Email options of a send (email participants only; ignored here). */
/** Beyond the reference: options of `Conversation.sendMessage`. */
export interface SendMessageOptions {
  /** The message this one answers: its index or its sid, in the same conversation. */
  replyTo?: number | string;
}

/** Search options of `Client.searchMessages` (beyond the reference). */
export interface SearchMessagesOptions {
  /** Only this conversation's messages (the user must take part in it). */
  conversationSid?: string;
  /** Results per page: 20 by default, at most 50. */
  pageSize?: number;
}

export interface SendEmailOptions {
  subject?: string;
}

/** What `conversation.add()` answers: the reference's REST participant shape. */
export interface ParticipantResponse {
  account_sid: string;
  chat_service_sid: string;
  conversation_sid: string;
  role_sid: string;
  sid: string;
  attributes: string;
  date_created: string;
  date_updated: string;
  identity: string;
  messaging_binding: { type: 'chat' | 'sms' | 'whatsapp' | 'email'; address: string; proxy_address: string } | null;
  url: string;
  links: { conversation: string };
}

/** A page of items with the way to the neighbouring pages. Items are in ascending order. */
export interface Paginator<T> {
  items: T[];
  hasNextPage: boolean;
  hasPrevPage: boolean;
  /** The next page (newer messages, for messages). Rejects when there is none. */
  nextPage(): Promise<Paginator<T>>;
  /** The previous page (older messages, for messages). Rejects when there is none. */
  prevPage(): Promise<Paginator<T>>;
}

import type { ConversationRecord, EventRecord, MessageRecord, ParticipantRecord, UserRecord } from '../records';
import { json } from './json';

// The rows of the chat itself: conversations, participants, messages, users and events.

/** Columns of `conversations`. */
export interface ConversationRow {
  sid: string;
  unique_name: string | null;
  friendly_name: string | null;
  attributes: string;
  created_by: string;
  is_private: number;
  date_created: number;
  date_updated: number;
  state: string;
  state_updated: number;
  last_message: string | null;
  messages_count: number;
  participants_count: number;
  next_message_index: number;
  last_activity: number;
}

/** Columns of `participants`. */
export interface ParticipantRow {
  sid: string;
  conversation_sid: string;
  identity: string;
  type: string;
  role: string;
  attributes: string;
  date_created: number;
  date_updated: number;
  last_read_index: number | null;
  last_read_timestamp: number | null;
  last_delivered_index: number | null;
  notification_level: string;
  last_delivered_timestamp: number | null;
}

/** Columns of `messages`. */
export interface MessageRow {
  sid: string;
  conversation_sid: string;
  idx: number;
  author: string | null;
  participant_sid: string | null;
  body: string | null;
  attributes: string;
  type: string;
  media: string;
  content_sid: string | null;
  date_created: number;
  date_updated: number;
  last_updated_by: string | null;
  key: string | null;
  content_variables: string | null;
  reactions: string | null;
  reply_to: string | null;
  mentions: string | null;
}

/** Columns of `users`. */
export interface UserRow {
  identity: string;
  friendly_name: string | null;
  attributes: string;
  date_created: number;
  date_updated: number;
  role: string | null;
}

/** Columns of `events`. */
export interface EventRow {
  seq: number;
  name: string;
  conversation_sid: string | null;
  target_identity: string | null;
  data: string;
  created_at: number;
}

/** Row → record. */
export function conversationFromRow(row: ConversationRow): ConversationRecord {
  return {
    sid: row.sid,
    uniqueName: row.unique_name,
    friendlyName: row.friendly_name,
    attributes: json(row.attributes),
    createdBy: row.created_by,
    isPrivate: row.is_private === 1,
    dateCreated: row.date_created,
    dateUpdated: row.date_updated,
    state: { current: row.state as ConversationRecord['state']['current'], dateUpdated: row.state_updated },
    lastMessage: row.last_message === null ? null : json<ConversationRecord['lastMessage']>(row.last_message),
    messagesCount: row.messages_count,
    participantsCount: row.participants_count,
    nextMessageIndex: row.next_message_index,
    lastActivity: row.last_activity
  };
}

/** Record → row. */
export function conversationToRow(record: ConversationRecord): ConversationRow {
  return {
    sid: record.sid,
    unique_name: record.uniqueName,
    friendly_name: record.friendlyName,
    attributes: JSON.stringify(record.attributes),
    created_by: record.createdBy,
    is_private: record.isPrivate ? 1 : 0,
    date_created: record.dateCreated,
    date_updated: record.dateUpdated,
    state: record.state.current,
    state_updated: record.state.dateUpdated,
    last_message: record.lastMessage === null ? null : JSON.stringify(record.lastMessage),
    messages_count: record.messagesCount,
    participants_count: record.participantsCount,
    next_message_index: record.nextMessageIndex,
    last_activity: record.lastActivity
  };
}

/** Row → record. */
export function participantFromRow(row: ParticipantRow): ParticipantRecord {
  return {
    sid: row.sid,
    conversationSid: row.conversation_sid,
    identity: row.identity,
    type: row.type,
    role: row.role,
    attributes: json(row.attributes),
    dateCreated: row.date_created,
    dateUpdated: row.date_updated,
    lastReadMessageIndex: row.last_read_index,
    lastReadTimestamp: row.last_read_timestamp,
    lastDeliveredMessageIndex: row.last_delivered_index,
    notificationLevel: row.notification_level as ParticipantRecord['notificationLevel'],
    lastDeliveredTimestamp: row.last_delivered_timestamp
  };
}

/** Record → row. */
export function participantToRow(record: ParticipantRecord): ParticipantRow {
  return {
    sid: record.sid,
    conversation_sid: record.conversationSid,
    identity: record.identity,
    type: record.type,
    role: record.role,
    attributes: JSON.stringify(record.attributes),
    date_created: record.dateCreated,
    date_updated: record.dateUpdated,
    last_read_index: record.lastReadMessageIndex,
    last_read_timestamp: record.lastReadTimestamp,
    last_delivered_index: record.lastDeliveredMessageIndex,
    notification_level: record.notificationLevel,
    last_delivered_timestamp: record.lastDeliveredTimestamp
  };
}

/** Row → record. */
export function messageFromRow(row: MessageRow): MessageRecord {
  return {
    sid: row.sid,
    conversationSid: row.conversation_sid,
    index: row.idx,
    author: row.author,
    participantSid: row.participant_sid,
    body: row.body,
    attributes: json(row.attributes),
    type: row.type as MessageRecord['type'],
    media: json<MessageRecord['media']>(row.media),
    contentSid: row.content_sid,
    dateCreated: row.date_created,
    dateUpdated: row.date_updated,
    lastUpdatedBy: row.last_updated_by,
    key: row.key,
    ...(row.content_variables === null
      ? {}
      : { contentVariables: json<Record<string, string>>(row.content_variables) }),
    ...(row.reactions === null ? {} : { reactions: json<NonNullable<MessageRecord['reactions']>>(row.reactions) }),
    ...(row.reply_to === null ? {} : { replyTo: json<NonNullable<MessageRecord['replyTo']>>(row.reply_to) }),
    ...(row.mentions === null ? {} : { mentions: json<string[]>(row.mentions) })
  };
}

/** Record → row. */
export function messageToRow(record: MessageRecord): MessageRow {
  return {
    sid: record.sid,
    conversation_sid: record.conversationSid,
    idx: record.index,
    author: record.author,
    participant_sid: record.participantSid,
    body: record.body,
    attributes: JSON.stringify(record.attributes),
    type: record.type,
    media: JSON.stringify(record.media),
    content_sid: record.contentSid,
    date_created: record.dateCreated,
    date_updated: record.dateUpdated,
    last_updated_by: record.lastUpdatedBy,
    key: record.key,
    content_variables: record.contentVariables === undefined ? null : JSON.stringify(record.contentVariables),
    reactions:
      record.reactions === undefined || record.reactions.length === 0 ? null : JSON.stringify(record.reactions),
    reply_to: record.replyTo === undefined ? null : JSON.stringify(record.replyTo),
    mentions: record.mentions === undefined || record.mentions.length === 0 ? null : JSON.stringify(record.mentions)
  };
}

/** Row → record. */
export function userFromRow(row: UserRow): UserRecord {
  return {
    identity: row.identity,
    friendlyName: row.friendly_name,
    attributes: json(row.attributes),
    role: row.role,
    dateCreated: row.date_created,
    dateUpdated: row.date_updated
  };
}

/** Record → row. */
export function userToRow(record: UserRecord): UserRow {
  return {
    identity: record.identity,
    friendly_name: record.friendlyName,
    attributes: JSON.stringify(record.attributes),
    date_created: record.dateCreated,
    date_updated: record.dateUpdated,
    role: record.role
  };
}

/** Row → record. */
export function eventFromRow(row: EventRow): EventRecord {
  return {
    seq: row.seq,
    name: row.name,
    conversationSid: row.conversation_sid,
    targetIdentity: row.target_identity,
    data: json(row.data),
    createdAt: row.created_at
  };
}

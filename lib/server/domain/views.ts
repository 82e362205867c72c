import type {
  ConversationData,
  LastMessageData,
  ParticipantData,
  UserConversationData,
  UserData
} from '../../protocol';
import {
  type ConversationRecord,
  HORIZON_BEFORE_FIRST,
  type MessageRecord,
  type ParticipantRecord,
  type UserRecord
} from '../storage/records';

/** Longest body kept in a conversation's last-message preview. */
export const PREVIEW_LENGTH = 256;

/** The wire form of a conversation. */
export function conversationData(record: ConversationRecord): ConversationData {
  const { nextMessageIndex: _next, lastActivity: _activity, ...data } = record;
  return data;
}

/** A stored read horizon as the wire shows it. */
export function wireHorizon(index: number | null): number | null {
  return index === HORIZON_BEFORE_FIRST ? null : index;
}

/** The wire form of a participant. */
export function participantData(record: ParticipantRecord): ParticipantData {
  const { notificationLevel: _level, lastDeliveredTimestamp: _delivered, ...data } = record;
  return { ...data, lastReadMessageIndex: wireHorizon(record.lastReadMessageIndex) };
}

/** A conversation as one participant sees it. */
export function userConversationData(
  conversation: ConversationRecord,
  participant: ParticipantRecord,
  unreadCount: number | null,
  mentionCount?: number
): UserConversationData {
  return {
    conversation: conversationData(conversation),
    participant: participantData(participant),
    unreadCount,
    notificationLevel: participant.notificationLevel,
    ...(mentionCount ? { mentionCount } : {})
  };
}

/** The preview of a message shown in a conversation list. */
export function lastMessageData(message: MessageRecord): LastMessageData {
  return {
    index: message.index,
    sid: message.sid,
    author: message.author,
    body: message.body === null ? null : message.body.slice(0, PREVIEW_LENGTH),
    type: message.type,
    dateCreated: message.dateCreated
  };
}

/** A user's profile and reachability; `null` reachability when it is disabled. */
export function userData(user: UserRecord, isOnline: boolean | null, isNotifiable: boolean | null): UserData {
  return {
    identity: user.identity,
    friendlyName: user.friendlyName,
    attributes: user.attributes,
    isOnline,
    isNotifiable
  };
}

/** The profile of a user never seen before. */
export function newUser(identity: string, now: number): UserRecord {
  return { identity, friendlyName: null, attributes: {}, role: null, dateCreated: now, dateUpdated: now };
}

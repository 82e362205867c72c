import type { ConversationData, MessageData, ParticipantData, UserData } from '../../../protocol';
import type {
  ConversationUpdateReason,
  MessageUpdateReason,
  ParticipantUpdateReason,
  UserUpdateReason
} from '../emissions';
import { jsonEqual } from '../equal';
import type { ConversationEntry } from '../state';

/**
 * What changed between two versions of an entity, in the reference SDK's words (its section 17):
 * only the fields that really changed, attributes and states compared deep-equal.
 */

/** Reasons between two conversation entries (shared fields and the user's own). */
export function conversationReasons(prev: ConversationEntry, next: ConversationEntry): ConversationUpdateReason[] {
  const reasons = prev.data === next.data ? [] : dataReasons(prev.data, next.data);
  if (prev.lastReadMessageIndex !== next.lastReadMessageIndex) reasons.push('lastReadMessageIndex');
  if (prev.status !== next.status) reasons.push('status');
  if (prev.notificationLevel !== next.notificationLevel) reasons.push('notificationLevel');
  return reasons;
}

/** Reasons between two versions of a conversation's shared fields. */
export function dataReasons(prev: ConversationData, next: ConversationData): ConversationUpdateReason[] {
  const reasons: ConversationUpdateReason[] = [];
  if (!jsonEqual(prev.attributes, next.attributes)) reasons.push('attributes');
  if (prev.createdBy !== next.createdBy) reasons.push('createdBy');
  if (prev.dateCreated !== next.dateCreated) reasons.push('dateCreated');
  if (prev.dateUpdated !== next.dateUpdated) reasons.push('dateUpdated');
  if (prev.friendlyName !== next.friendlyName) reasons.push('friendlyName');
  if (!jsonEqual(prev.state, next.state)) reasons.push('state');
  if (prev.uniqueName !== next.uniqueName) reasons.push('uniqueName');
  if (!jsonEqual(prev.lastMessage, next.lastMessage)) reasons.push('lastMessage');
  return reasons;
}

/**
 * True when two versions of a conversation's shared fields with no reason between them are equal.
 * The fields no reason covers go first, cheaply; equality is then confirmed deep, so that a field
 * added to the protocol later is not missed.
 */
export function sameData(prev: ConversationData, next: ConversationData): boolean {
  return (
    prev === next ||
    (prev.messagesCount === next.messagesCount &&
      prev.participantsCount === next.participantsCount &&
      prev.isPrivate === next.isPrivate &&
      jsonEqual(prev, next))
  );
}

/** Reasons between two versions of a participant. A delivery-horizon change has no reason of its own. */
export function participantReasons(prev: ParticipantData, next: ParticipantData): ParticipantUpdateReason[] {
  const reasons: ParticipantUpdateReason[] = [];
  if (!jsonEqual(prev.attributes, next.attributes)) reasons.push('attributes');
  if (prev.dateCreated !== next.dateCreated) reasons.push('dateCreated');
  if (prev.dateUpdated !== next.dateUpdated) reasons.push('dateUpdated');
  if (prev.role !== next.role) reasons.push('roleSid');
  if (prev.lastReadMessageIndex !== next.lastReadMessageIndex) reasons.push('lastReadMessageIndex');
  if (prev.lastReadTimestamp !== next.lastReadTimestamp) reasons.push('lastReadTimestamp');
  return reasons;
}

/** True when two versions of a participant with no reason between them are equal (cheap fields first, then deep). */
export function sameParticipant(prev: ParticipantData, next: ParticipantData): boolean {
  return prev === next || (prev.lastDeliveredMessageIndex === next.lastDeliveredMessageIndex && jsonEqual(prev, next));
}

/** Reasons between two versions of a message. */
export function messageReasons(prev: MessageData, next: MessageData): MessageUpdateReason[] {
  const reasons: MessageUpdateReason[] = [];
  if (prev.body !== next.body) reasons.push('body');
  if (prev.lastUpdatedBy !== next.lastUpdatedBy) reasons.push('lastUpdatedBy');
  if (prev.dateCreated !== next.dateCreated) reasons.push('dateCreated');
  if (prev.dateUpdated !== next.dateUpdated) reasons.push('dateUpdated');
  if (!jsonEqual(prev.attributes, next.attributes)) reasons.push('attributes');
  if (prev.author !== next.author) reasons.push('author');
  if (!jsonEqual(prev.media, next.media)) reasons.push('media');
  if (!jsonEqual(prev.reactions, next.reactions) || !jsonEqual(prev.myReactions, next.myReactions))
    reasons.push('reactions');
  if (!jsonEqual(prev.replyTo, next.replyTo)) reasons.push('replyTo');
  return reasons;
}

/** Reasons between two versions of a user. */
export function userReasons(prev: UserData, next: UserData): UserUpdateReason[] {
  const reasons: UserUpdateReason[] = [];
  if (prev.friendlyName !== next.friendlyName) reasons.push('friendlyName');
  if (!jsonEqual(prev.attributes, next.attributes)) reasons.push('attributes');
  if (prev.isOnline !== next.isOnline) reasons.push('reachabilityOnline');
  if (prev.isNotifiable !== next.isNotifiable) reasons.push('reachabilityNotifiable');
  return reasons;
}

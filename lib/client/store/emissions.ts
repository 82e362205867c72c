import type { ConversationData, MessageData, ParticipantData, UserData } from '../../protocol';
import type { ConnectionState, ConversationEntry, RosterEntry } from './state';

/** Why a conversation changed, in the reference SDK's words. */
export type ConversationUpdateReason =
  | 'attributes'
  | 'createdBy'
  | 'dateCreated'
  | 'dateUpdated'
  | 'friendlyName'
  | 'lastReadMessageIndex'
  | 'state'
  | 'status'
  | 'uniqueName'
  | 'lastMessage'
  | 'notificationLevel'
  | 'bindings';

/** Why a participant changed. */
export type ParticipantUpdateReason =
  'attributes' | 'dateCreated' | 'dateUpdated' | 'roleSid' | 'lastReadMessageIndex' | 'lastReadTimestamp' | 'bindings';

/** Why a message changed. */
export type MessageUpdateReason =
  | 'body'
  | 'lastUpdatedBy'
  | 'dateCreated'
  | 'dateUpdated'
  | 'attributes'
  | 'author'
  | 'deliveryReceipt'
  | 'subject'
  | 'media'
  /** Beyond the reference: the message's reactions (or the user's own) changed. */
  | 'reactions'
  /** Beyond the reference: the preview of the message it replies to changed (edited or removed). */
  | 'replyTo';

/** Why a user changed. */
export type UserUpdateReason = 'friendlyName' | 'attributes' | 'reachabilityOnline' | 'reachabilityNotifiable';

/**
 * What the reducer reports for one batch, in order: the documented events to emit once the new
 * state is published. Removals carry the last value, since the store no longer holds it.
 */
export type Emission =
  | { type: 'connectionStateChanged'; state: ConnectionState }
  | { type: 'conversationAdded'; conversationSid: string }
  | { type: 'conversationJoined'; conversationSid: string }
  | { type: 'conversationLeft'; conversationSid: string; last: ConversationEntry; lastRoster?: RosterEntry }
  | { type: 'conversationRemoved'; conversationSid: string; last: ConversationEntry; lastRoster?: RosterEntry }
  | { type: 'conversationUpdated'; conversationSid: string; reasons: ConversationUpdateReason[] }
  | { type: 'participantJoined'; conversationSid: string; participantSid: string }
  | { type: 'participantLeft'; conversationSid: string; participantSid: string; last: ParticipantData }
  | { type: 'participantUpdated'; conversationSid: string; participantSid: string; reasons: ParticipantUpdateReason[] }
  /**
   * `message` is the message as the batch added it: a burst longer than the message window evicts
   * a message before it is emitted, and the emitted object must still read it.
   */
  | { type: 'messageAdded'; conversationSid: string; index: number; message?: MessageData }
  | { type: 'messageUpdated'; conversationSid: string; index: number; reasons: MessageUpdateReason[] }
  | { type: 'messageRemoved'; conversationSid: string; index: number; last: MessageData }
  | { type: 'typingStarted'; conversationSid: string; participantSid: string }
  | { type: 'typingEnded'; conversationSid: string; participantSid: string }
  | { type: 'userSubscribed'; identity: string }
  | { type: 'userUnsubscribed'; identity: string; last: UserData }
  | { type: 'userUpdated'; identity: string; reasons: UserUpdateReason[] };

/** Shared-field snapshot type, re-exported for emission consumers. */
export type { ConversationData };

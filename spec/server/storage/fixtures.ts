import type { ConversationRecord, MessageRecord, ParticipantRecord } from '../../../lib/server/storage/records';

let counter = 0;
const id = (prefix: string) => `${prefix}${(++counter).toString(16).padStart(32, '0')}`;

/** A conversation record with sensible defaults. */
export function conversation(over: Partial<ConversationRecord> = {}): ConversationRecord {
  return {
    sid: id('CH'),
    uniqueName: null,
    friendlyName: 'c',
    attributes: {},
    createdBy: 'alice',
    isPrivate: true,
    dateCreated: 1,
    dateUpdated: 1,
    state: { current: 'active', dateUpdated: 1 },
    lastMessage: null,
    messagesCount: 0,
    participantsCount: 0,
    nextMessageIndex: 0,
    lastActivity: 1,
    ...over
  };
}

/** A participant record. */
export function participant(
  conversationSid: string,
  identity: string,
  over: Partial<ParticipantRecord> = {}
): ParticipantRecord {
  return {
    sid: id('MB'),
    conversationSid,
    identity,
    type: 'chat',
    role: 'user',
    attributes: {},
    dateCreated: 1,
    dateUpdated: 1,
    lastReadMessageIndex: null,
    lastReadTimestamp: null,
    lastDeliveredMessageIndex: null,
    notificationLevel: 'default',
    lastDeliveredTimestamp: null,
    ...over
  };
}

/** A message record. */
export function message(conversationSid: string, index: number, over: Partial<MessageRecord> = {}): MessageRecord {
  return {
    sid: id('IM'),
    conversationSid,
    index,
    author: 'alice',
    participantSid: null,
    body: `m${index}`,
    attributes: {},
    type: 'text',
    media: [],
    contentSid: null,
    dateCreated: index,
    dateUpdated: index,
    lastUpdatedBy: null,
    key: null,
    ...over
  };
}

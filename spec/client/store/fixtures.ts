import type {
  ConversationData,
  MessageData,
  ParticipantData,
  ServerEvent,
  UserConversationData,
  UserData
} from '../../../lib/protocol';
import type { Action } from '../../../lib/client/store/actions';
import { createInitialState } from '../../../lib/client/store/initial-state';
import { reduce, type ReduceResult } from '../../../lib/client/store/reducer';
import type { PendingMessage, State, StoreConfig } from '../../../lib/client/store/state';

/** The identity of the user whose client the tests play. */
export const ME = 'alice';

/** A conversation's shared fields. */
export function conversation(sid: string, over: Partial<ConversationData> = {}): ConversationData {
  return {
    sid,
    uniqueName: null,
    friendlyName: `Conversation ${sid}`,
    attributes: {},
    createdBy: ME,
    isPrivate: true,
    dateCreated: 1_000,
    dateUpdated: 1_000,
    state: { current: 'active', dateUpdated: 1_000 },
    lastMessage: null,
    messagesCount: 0,
    participantsCount: 1,
    ...over
  };
}

/** A participant; its sid is derived from conversation and identity unless given. */
export function participant(
  conversationSid: string,
  identity: string,
  over: Partial<ParticipantData> = {}
): ParticipantData {
  return {
    sid: `MB-${conversationSid}-${identity}`,
    conversationSid,
    identity,
    type: 'chat',
    role: 'user',
    attributes: {},
    dateCreated: 1_000,
    dateUpdated: 1_000,
    lastReadMessageIndex: null,
    lastReadTimestamp: null,
    lastDeliveredMessageIndex: null,
    ...over
  };
}

/** A message by `author` (default bob). */
export function message(conversationSid: string, index: number, over: Partial<MessageData> = {}): MessageData {
  const author = over.author === undefined ? 'bob' : over.author;
  return {
    sid: `IM-${conversationSid}-${index}`,
    conversationSid,
    index,
    author,
    participantSid: author === null ? null : `MB-${conversationSid}-${author}`,
    body: `message ${index}`,
    attributes: {},
    type: 'text',
    media: [],
    contentSid: null,
    dateCreated: 2_000 + index,
    dateUpdated: 2_000 + index,
    lastUpdatedBy: null,
    key: null,
    ...over
  };
}

/** A user. */
export function user(identity: string, over: Partial<UserData> = {}): UserData {
  return { identity, friendlyName: identity, attributes: {}, isOnline: null, isNotifiable: null, ...over };
}

/** A conversation as the user sees it, for list pages. */
export function mine(
  sid: string,
  over: Partial<UserConversationData> = {},
  data: Partial<ConversationData> = {}
): UserConversationData {
  return {
    conversation: conversation(sid, data),
    participant: participant(sid, ME),
    unreadCount: null,
    notificationLevel: 'default',
    ...over
  };
}

/** A pending send. */
export function pending(conversationSid: string, key: string, over: Partial<PendingMessage> = {}): PendingMessage {
  return {
    key,
    conversationSid,
    author: ME,
    body: `pending ${key}`,
    attributes: {},
    mediaSids: [],
    contentSid: null,
    dateCreated: 9_000,
    status: 'pending',
    error: null,
    ...over
  };
}

/** A server event as an action. */
export function server(event: ServerEvent): Action {
  return { type: 'server', event };
}

/** Durable events with their seq. */
export const ev = {
  messageAdded: (seq: number, data: MessageData): Action =>
    server({ seq, name: 'messageAdded', data: { message: data } }),
  messageUpdated: (seq: number, data: MessageData): Action =>
    server({ seq, name: 'messageUpdated', data: { message: data } }),
  messageRemoved: (seq: number, data: MessageData): Action =>
    server({
      seq,
      name: 'messageRemoved',
      data: { conversationSid: data.conversationSid, messageSid: data.sid, index: data.index }
    }),
  participantJoined: (seq: number, p: ParticipantData, c: ConversationData): Action =>
    server({ seq, name: 'participantJoined', data: { participant: p, conversation: c } }),
  participantUpdated: (seq: number, p: ParticipantData): Action =>
    server({ seq, name: 'participantUpdated', data: { participant: p } }),
  participantLeft: (seq: number, p: ParticipantData): Action =>
    server({ seq, name: 'participantLeft', data: { participant: p } }),
  conversationUpdated: (seq: number, c: ConversationData): Action =>
    server({ seq, name: 'conversationUpdated', data: { conversation: c } }),
  conversationRemoved: (seq: number, sid: string): Action =>
    server({ seq, name: 'conversationRemoved', data: { conversationSid: sid } }),
  userConversationUpdated: (
    seq: number,
    conversationSid: string,
    lastReadMessageIndex: number | null,
    unreadCount: number | null,
    notificationLevel: 'default' | 'muted' = 'default'
  ): Action =>
    server({
      seq,
      name: 'userConversationUpdated',
      data: { conversationSid, lastReadMessageIndex, unreadCount, notificationLevel }
    }),
  typingStarted: (
    conversationSid: string,
    identity: string,
    participantSid = `MB-${conversationSid}-${identity}`
  ): Action => server({ name: 'typingStarted', data: { conversationSid, participantSid, identity, timeoutMs: 5_000 } }),
  userUpdated: (data: UserData): Action => server({ name: 'userUpdated', data: { user: data } })
};

/** A session started for ME at position 0. */
export const started: Action = {
  type: 'sessionStarted',
  identity: ME,
  position: 0,
  resume: 'fresh',
  reachabilityEnabled: false
};

/** Reduces batches one after the other; returns the last result. */
export function run(state: State, ...batches: Action[][]): ReduceResult {
  let result: ReduceResult = { state, actions: [], emissions: [] };
  for (const batch of batches) result = reduce(result.state, batch);
  return result;
}

/** A state where ME is in the given conversations (with ME and bob in each roster). */
export function joined(sids: readonly string[], config: Partial<StoreConfig> = {}): State {
  return run(
    createInitialState(config),
    [started, { type: 'conversationsLoaded', items: sids.map((sid) => mine(sid)) }],
    sids.map((sid): Action => ({
      type: 'participantsLoaded',
      conversationSid: sid,
      items: [participant(sid, ME), participant(sid, 'bob'), participant(sid, 'carol')]
    }))
  ).state;
}

/** Just the types of the emissions, in order. */
export function types(result: ReduceResult): string[] {
  return result.emissions.map((emission) => emission.type);
}

import * as t from 'io-ts';
import { intersection } from './combinators';
import {
  ConversationData,
  DeliveryHorizonData,
  MessageData,
  NotificationLevelValue,
  ParticipantData,
  ReactionData,
  UserData,
  nullable
} from './entities';

/**
 * Every event the server pushes, by name, with the codec of its data.
 *
 * Durable events carry a `seq` (a position in the server-wide sequence) and are replayed on
 * resume. Ephemeral events (`typingStarted`, `userUpdated`) carry none and are not replayed:
 * typing is momentary, and user profiles are state the client re-reads on resume.
 */
export const eventCodecs = {
  /** The shared fields of a conversation changed. Topic: the conversation. */
  conversationUpdated: t.type({ conversation: ConversationData }),
  /** The conversation was deleted. Topic: the conversation. */
  conversationRemoved: t.type({ conversationSid: t.string }),
  /** Someone joined or was added; `conversation` lets a new participant show it at once. */
  participantJoined: t.type({ participant: ParticipantData, conversation: ConversationData }),
  /** A participant's attributes, role or read/delivery horizon changed. */
  participantUpdated: t.type({ participant: ParticipantData }),
  /** A participant left or was removed; the leaver receives it too. */
  participantLeft: t.type({ participant: ParticipantData }),
  /**
   * Delivery horizons that moved, coalesced per conversation (at most one event per conversation
   * per `deliveryReceiptIntervalMs`): receipts for every participant without one event per
   * message per participant.
   */
  participantsDelivered: t.type({ conversationSid: t.string, horizons: t.array(DeliveryHorizonData) }),
  /** A message was added; it has its index. */
  messageAdded: t.type({ message: MessageData }),
  /** A message's body or attributes changed. */
  messageUpdated: t.type({ message: MessageData }),
  /**
   * Beyond the reference: `identity` added (`added`) or removed the reaction `key` on a message;
   * `reactions` is the message's summary after it. Topic: the conversation.
   */
  messageReactionsUpdated: t.type({
    conversationSid: t.string,
    messageSid: t.string,
    index: t.number,
    identity: t.string,
    key: t.string,
    added: t.boolean,
    reactions: t.array(ReactionData)
  }),
  /** A message was removed. */
  messageRemoved: t.type({ conversationSid: t.string, messageSid: t.string, index: t.number }),
  /**
   * The user's own view of a conversation changed (read horizon, unread count, notification level). Topic: the user.
   */
  userConversationUpdated: intersection([
    t.type({
      conversationSid: t.string,
      lastReadMessageIndex: nullable(t.number),
      unreadCount: nullable(t.number),
      notificationLevel: NotificationLevelValue
    }),
    /** Beyond the reference: messages after the horizon that mention the user (absent: none). */
    t.partial({ mentionCount: t.number })
  ]),
  /** Ephemeral: a participant is typing; a receiver ends it after `timeoutMs` plus 1 s, or on their message. */
  typingStarted: t.type({
    conversationSid: t.string,
    participantSid: t.string,
    identity: t.string,
    timeoutMs: t.number
  }),
  /** Ephemeral: a subscribed user's profile or reachability, as it is now. */
  userUpdated: t.type({ user: UserData })
};

/** The name of a server event. */
export type EventName = keyof typeof eventCodecs;

/** The data of the event `K`. */
export type EventData<K extends EventName> = t.TypeOf<(typeof eventCodecs)[K]>;

/** The names of the events that are not replayed. */
export const EPHEMERAL_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['typingStarted', 'userUpdated']);

/** A decoded server event: a discriminated union on `name`. `seq` is absent on ephemeral events. */
export type ServerEvent = {
  [K in EventName]: { seq?: number; name: K; data: EventData<K> };
}[EventName];

/** A durable event: one with a position in the server-wide sequence. */
export type DurableEvent = ServerEvent & { seq: number };

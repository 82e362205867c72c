import * as t from 'io-ts';
import { union } from './combinators';
import { LIMITS } from './limits';
import { boundedInt, boundedJson, boundedString, NonNegativeInt, utf8String } from './json';
import { exactObject } from './exact-object';
import {
  ContentTemplateData,
  ConversationData,
  ConversationStateValue,
  DeliveryReceiptData,
  MessageData,
  NotificationLevelValue,
  ParticipantData,
  ReactionData,
  Role,
  SearchHitData,
  UserConversationData,
  UserData,
  nullable
} from './entities';

/** An array of `min` to `max` items. */
export function boundedArray<C extends t.Mixed>(codec: C, min: number, max: number) {
  const array = t.array(codec);
  return new t.Type<t.TypeOf<C>[], t.OutputOf<C>[], unknown>(
    `array(${min}..${max})`,
    (u): u is t.TypeOf<C>[] => array.is(u) && u.length >= min && u.length <= max,
    (u, c) => {
      if (Array.isArray(u) && (u.length < min || u.length > max)) {
        return t.failure(u, c, `must have ${min} to ${max} items`);
      }
      return array.validate(u, c);
    },
    array.encode
  );
}

const Sid = boundedString(64, 1);
const Identity = boundedString(LIMITS.maxIdentityLength, 1);
const Name = nullable(boundedString(LIMITS.maxNameLength));
const Empty = t.type({});
const VariableValues = t.record(boundedString(256), boundedString(4096));
const NoArgs = exactObject({});

/**
 * The values of a content template's variables, by name: at most `maxContentVariablesBytes` of
 * JSON text, like attributes (the template's own names are checked when the message is sent).
 */
const ContentVariables = new t.Type<Record<string, string>, Record<string, string>, unknown>(
  'contentVariables',
  (u): u is Record<string, string> => VariableValues.is(u) && boundedJson(LIMITS.maxContentVariablesBytes).is(u),
  (u, c) => {
    const values = VariableValues.validate(u, c);
    if (values._tag === 'Left') return values;
    return boundedJson(LIMITS.maxContentVariablesBytes).validate(u, c) as t.Validation<Record<string, string>>;
  },
  t.identity
);

/** A reaction key: an emoji or a short word, without whitespace. */
export const ReactionKey = new t.Type<string, string, unknown>(
  'reactionKey',
  (u): u is string => boundedString(LIMITS.maxReactionKeyLength, 1).is(u) && !/\s/u.test(u),
  (u, c) => {
    const text = boundedString(LIMITS.maxReactionKeyLength, 1).validate(u, c);
    if (text._tag === 'Left') return text;
    return /\s/u.test(text.right) ? t.failure(u, c, 'must not contain whitespace') : text;
  },
  t.identity
);

/** The message a reply answers: its index, or its sid. */
const ReplyTo = union([NonNegativeInt, Sid]);

/** The sid of the conversation a command is about. */
const InConversation = exactObject({ conversationSid: Sid });

/**
 * Every command a client may send, by name: the codec of its arguments (bounded by `LIMITS`)
 * and of its result. A request whose arguments fail to decode — a bad value, or a field the command
 * does not have — is answered with `BadRequest` naming the field, and changes nothing.
 */
export const commandCodecs = {
  /** The user's conversations, newest activity first, paged by an opaque cursor. */
  listMyConversations: {
    args: exactObject(
      {},
      {
        cursor: nullable(boundedString(512)),
        pageSize: boundedInt(1, LIMITS.maxConversationsPageSize)
      }
    ),
    result: t.type({ items: t.array(UserConversationData), nextCursor: nullable(t.string) })
  },
  /** One of the user's conversations, by sid or by unique name. */
  getConversation: {
    args: exactObject({}, { sid: Sid, uniqueName: boundedString(LIMITS.maxNameLength, 1) }),
    result: UserConversationData
  },
  /** A conversation the user may see without joining: one they take part in, or a public one. */
  peekConversation: {
    args: exactObject({ sid: Sid }),
    result: ConversationData
  },
  /** Creates a conversation; its creator joins it as admin. */
  createConversation: {
    args: exactObject(
      {},
      {
        friendlyName: Name,
        uniqueName: Name,
        attributes: boundedJson(LIMITS.maxConversationAttributesBytes),
        isPrivate: t.boolean
      }
    ),
    result: UserConversationData
  },
  /** Changes a conversation's shared fields. */
  updateConversation: {
    args: exactObject(
      { sid: Sid },
      {
        friendlyName: Name,
        uniqueName: Name,
        attributes: boundedJson(LIMITS.maxConversationAttributesBytes),
        state: ConversationStateValue
      }
    ),
    result: ConversationData
  },
  /** Deletes a conversation (admins only). */
  deleteConversation: { args: exactObject({ sid: Sid }), result: Empty },
  /** The whole roster of a conversation. */
  listParticipants: {
    args: InConversation,
    result: t.type({ items: t.array(ParticipantData) })
  },
  /**
   * The rosters of several conversations at once (a client loads its joined conversations' rosters
   * at start-up this way); conversations the user does not take part in are left out.
   */
  listRosters: {
    args: exactObject({ conversationSids: boundedArray(Sid, 1, LIMITS.maxRostersPerRequest) }),
    result: t.type({ items: t.array(t.type({ conversationSid: t.string, items: t.array(ParticipantData) })) })
  },
  /** Adds a user to a conversation by identity. */
  addParticipant: {
    args: exactObject(
      { conversationSid: Sid, identity: Identity },
      { attributes: boundedJson(LIMITS.maxParticipantAttributesBytes), role: Role }
    ),
    result: ParticipantData
  },
  /** Joins a conversation (a public one, or one the user is already in). */
  joinConversation: { args: InConversation, result: UserConversationData },
  /** Leaves a conversation. */
  leaveConversation: { args: InConversation, result: Empty },
  /** Removes a participant, by sid or identity (admins, or oneself). */
  removeParticipant: {
    args: exactObject({ conversationSid: Sid }, { participantSid: Sid, identity: Identity }),
    result: Empty
  },
  /** Changes a participant's attributes (oneself or an admin) or role (an admin). */
  updateParticipant: {
    args: exactObject(
      { conversationSid: Sid, participantSid: Sid },
      { attributes: boundedJson(LIMITS.maxParticipantAttributesBytes), role: Role }
    ),
    result: ParticipantData
  },
  /**
   * Moves the user's read horizon: `set` to `index` (or null), `advance` to `index` only if it is
   * further, `all` to the newest message, `none` back to null.
   */
  updateReadHorizon: {
    args: exactObject(
      { conversationSid: Sid, mode: t.keyof({ set: null, advance: null, all: null, none: null }) },
      { index: nullable(NonNegativeInt) }
    ),
    result: t.type({ lastReadMessageIndex: nullable(t.number), unreadCount: nullable(t.number) })
  },
  /** Mutes or unmutes push notifications of a conversation for the user. */
  setNotificationLevel: {
    args: exactObject({ conversationSid: Sid, level: NotificationLevelValue }),
    result: Empty
  },
  /** Tells the other participants that the user is typing. */
  typing: { args: InConversation, result: Empty },
  /** Tells the server that the user's client has received the messages up to `index`. */
  ackDelivery: {
    args: exactObject({ conversationSid: Sid, index: NonNegativeInt }),
    result: Empty
  },
  /** Sends a message; `key` makes a retried send one message. */
  sendMessage: {
    args: exactObject(
      { conversationSid: Sid, key: boundedString(LIMITS.maxIdempotencyKeyLength, 1) },
      {
        body: nullable(utf8String(LIMITS.maxBodyBytes)),
        attributes: boundedJson(LIMITS.maxMessageAttributesBytes),
        mediaSids: t.array(Sid),
        contentSid: nullable(Sid),
        contentVariables: ContentVariables,
        /** Beyond the reference: the message this one answers (its index or sid) in the same conversation. */
        replyTo: ReplyTo
      }
    ),
    result: MessageData
  },
  /** Changes a message's body or attributes (its author or an admin). */
  updateMessage: {
    args: exactObject(
      { conversationSid: Sid, messageSid: Sid },
      {
        body: nullable(utf8String(LIMITS.maxBodyBytes)),
        attributes: boundedJson(LIMITS.maxMessageAttributesBytes)
      }
    ),
    result: MessageData
  },
  /** Removes a message (its author or an admin). */
  removeMessage: {
    args: exactObject({ conversationSid: Sid, messageSid: Sid }),
    result: Empty
  },
  /**
   * A page of messages in ascending index order: `backwards` from `anchor` (inclusive; default the
   * newest) or `forward` from it (default the oldest).
   */
  getMessages: {
    args: exactObject(
      { conversationSid: Sid },
      {
        anchor: nullable(NonNegativeInt),
        direction: t.keyof({ backwards: null, forward: null }),
        pageSize: boundedInt(1, LIMITS.maxMessagesPageSize)
      }
    ),
    result: t.type({ items: t.array(MessageData), hasPrevPage: t.boolean, hasNextPage: t.boolean })
  },
  /** The number of messages in a conversation. */
  getMessagesCount: { args: InConversation, result: t.type({ count: t.number }) },
  /** Subscribes this session to users' profiles and reachability; answers their current state. */
  subscribeUsers: {
    args: exactObject({ identities: boundedArray(Identity, 1, LIMITS.maxUsersPerRequest) }),
    result: t.type({ items: t.array(UserData) })
  },
  /** Ends this session's subscription to users. */
  unsubscribeUsers: {
    args: exactObject({ identities: boundedArray(Identity, 1, LIMITS.maxUsersPerRequest) }),
    result: Empty
  },
  /** Changes the user's own profile. */
  updateUser: {
    args: exactObject(
      {},
      {
        friendlyName: Name,
        attributes: boundedJson(LIMITS.maxUserAttributesBytes)
      }
    ),
    result: UserData
  },
  /** Re-authenticates the live session with a new token for the same identity. */
  updateToken: {
    args: exactObject({ token: boundedString(LIMITS.maxTokenLength, 1) }),
    result: t.type({ expiresAt: t.number })
  },
  /** Temporary URLs for media the user may see, in one request. */
  getMediaUrls: {
    args: exactObject({ mediaSids: boundedArray(Sid, 1, LIMITS.maxMediaSidsPerRequest) }),
    result: t.type({ urls: t.record(t.string, t.string), expiresAt: t.number })
  },
  /** Registers a device for push notifications. */
  setPushRegistration: {
    args: exactObject({ channelType: t.keyof({ apn: null, fcm: null }), registrationId: boundedString(4096, 1) }),
    result: Empty
  },
  /** Removes push registrations of a channel (one registration, or all of the user's). */
  removePushRegistration: {
    args: exactObject({ channelType: t.keyof({ apn: null, fcm: null }) }, { registrationId: boundedString(4096, 1) }),
    result: Empty
  },
  /** The service's rich content templates. */
  getContentTemplates: { args: NoArgs, result: t.type({ items: t.array(ContentTemplateData) }) },
  /**
   * Beyond the reference: adds the user's reaction `key` to a message (any participant who may read
   * the conversation; no edit permission needed). Adding one the user already has changes nothing.
   */
  addReaction: {
    args: exactObject({ conversationSid: Sid, messageSid: Sid, key: ReactionKey }),
    result: t.type({ reactions: t.array(ReactionData) })
  },
  /** Beyond the reference: removes the user's reaction `key` from a message (none: nothing changes). */
  removeReaction: {
    args: exactObject({ conversationSid: Sid, messageSid: Sid, key: ReactionKey }),
    result: t.type({ reactions: t.array(ReactionData) })
  },
  /**
   * Beyond the reference: the messages the user may read (of the conversations they take part in,
   * or of one) whose body has every word of `query` (the last may be the start of a word), newest
   * first, paged by an opaque cursor.
   */
  searchMessages: {
    args: exactObject(
      { query: boundedString(LIMITS.maxSearchQueryLength, 1) },
      {
        conversationSid: Sid,
        cursor: nullable(boundedString(512)),
        pageSize: boundedInt(1, LIMITS.maxSearchPageSize)
      }
    ),
    result: t.type({ items: t.array(SearchHitData), nextCursor: nullable(t.string) })
  },
  /** Per-participant receipts of one message. */
  getDeliveryReceipts: {
    args: exactObject({ conversationSid: Sid, messageSid: Sid }),
    result: t.type({ items: t.array(DeliveryReceiptData) })
  }
};

/** The name of a command. */
export type CommandName = keyof typeof commandCodecs;
/** The decoded arguments of the command `K`. */
export type CommandArgs<K extends CommandName> = t.TypeOf<(typeof commandCodecs)[K]['args']>;
/** The result of the command `K`. */
export type CommandResult<K extends CommandName> = t.TypeOf<(typeof commandCodecs)[K]['result']>;

/**
 * Commands a client may send again after a reconnect when their reply was lost: reads, and writes
 * that set a value or carry an idempotency key, so running them twice changes nothing more.
 */
export const RETRY_SAFE_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>([
  'listMyConversations',
  'getConversation',
  'peekConversation',
  'updateConversation',
  'listParticipants',
  'listRosters',
  'joinConversation',
  'updateParticipant',
  'updateReadHorizon',
  'setNotificationLevel',
  'typing',
  'ackDelivery',
  'sendMessage',
  'updateMessage',
  'getMessages',
  'getMessagesCount',
  'subscribeUsers',
  'unsubscribeUsers',
  'updateUser',
  'updateToken',
  'getMediaUrls',
  'setPushRegistration',
  'removePushRegistration',
  'getContentTemplates',
  'getDeliveryReceipts',
  'addReaction',
  'removeReaction',
  'searchMessages'
]);

/**
 * Commands whose whole storage work is one write transaction, with nothing after it that a later
 * request of the same session could observe: a server may start a session's next request as soon
 * as that transaction has run, while it waits for its commit (its replies still go in order).
 */
export const PIPELINED_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>([
  'sendMessage',
  'updateMessage',
  'updateReadHorizon',
  'ackDelivery',
  'addReaction',
  'removeReaction'
]);

/** Whether a string names a command. */
export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commandCodecs, name);
}

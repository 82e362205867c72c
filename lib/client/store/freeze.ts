import type { ConversationData, MessageData } from '../../protocol';

/**
 * Freezes a value and everything reachable from it that is not frozen yet, in place, and returns
 * it. A frozen object is taken to be frozen all the way down (the store only ever holds such
 * values), so the walk stops there: freezing what a batch created costs only the new objects.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else {
    const record = value as Record<string, unknown>;
    for (const key in record) deepFreeze(record[key]);
  }
  return value;
}

/** The keys of `T` whose values can be objects. */
type ObjectFields<T> = { [K in keyof T]-?: Extract<T[K], object> extends never ? never : K }[keyof T];

/**
 * The object-valued fields of a message, which `freezeMessage` freezes by name. A record over
 * exactly those keys: a field of that kind added to `MessageData` is a compile error here until
 * it is listed (and frozen below).
 */
const MESSAGE_OBJECT_FIELDS: Readonly<Record<ObjectFields<MessageData>, true>> = {
  attributes: true,
  media: true,
  contentVariables: true,
  reactions: true,
  myReactions: true,
  replyTo: true,
  mentions: true
};
void MESSAGE_OBJECT_FIELDS;

/**
 * Freezes an incoming message, its attributes and its media, in place: the reducer's hot path,
 * which goes straight to the object-valued fields instead of walking every field (and names them
 * rather than looping over a list of them: this runs once per message).
 */
export function freezeMessage(message: MessageData): MessageData {
  if (Object.isFrozen(message)) return message;
  deepFreeze(message.attributes);
  deepFreeze(message.media);
  deepFreeze(message.contentVariables);
  if (message.reactions !== undefined) deepFreeze(message.reactions);
  if (message.myReactions !== undefined) deepFreeze(message.myReactions);
  if (message.replyTo !== undefined) deepFreeze(message.replyTo);
  if (message.mentions !== undefined) deepFreeze(message.mentions);
  return Object.freeze(message);
}

/**
 * The object-valued fields of a conversation's shared data, which `freezeConversationData` freezes
 * by name: a field of that kind added to `ConversationData` is a compile error here until listed.
 */
const CONVERSATION_OBJECT_FIELDS: Readonly<Record<ObjectFields<ConversationData>, true>> = {
  attributes: true,
  state: true,
  lastMessage: true
};
void CONVERSATION_OBJECT_FIELDS;

/**
 * Freezes a conversation's shared data, its attributes, state and last-message preview, in place,
 * by name (as `freezeMessage` does a message): a start puts a thousand of them at once.
 */
export function freezeConversationData(data: ConversationData): ConversationData {
  if (Object.isFrozen(data)) return data;
  deepFreeze(data.attributes);
  Object.freeze(data.state);
  if (data.lastMessage !== null) Object.freeze(data.lastMessage);
  return Object.freeze(data);
}

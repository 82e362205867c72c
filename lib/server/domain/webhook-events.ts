import type { ConversationData, JSONValue, MessageData, ParticipantData, ReactionData } from '../../protocol';
import type { UserRecord } from '../storage/records';

/**
 * The webhook events, named as the reference service names them, and their payloads: JSON objects
 * with the reference's PascalCase fields and `EventType`. Pure.
 */

/** Events a post-event webhook is told of, after the change committed. */
export const POST_EVENTS = [
  'onConversationAdded',
  'onConversationUpdated',
  'onConversationStateUpdated',
  'onConversationRemoved',
  'onParticipantAdded',
  'onParticipantUpdated',
  'onParticipantRemoved',
  'onMessageAdded',
  'onMessageUpdated',
  'onMessageRemoved',
  'onUserAdded',
  'onUserUpdated',
  // beyond the reference
  'onReactionAdded',
  'onReactionRemoved'
] as const;
/** A post-event. */
export type PostEvent = (typeof POST_EVENTS)[number];

/** Events a pre-event webhook decides, before the change: it may refuse it or change it. */
export const PRE_EVENTS = ['onConversationAdd', 'onParticipantAdd', 'onMessageAdd', 'onMessageUpdate'] as const;
/** A pre-event. */
export type PreEvent = (typeof PRE_EVENTS)[number];

/** Whether `name` is a post-event or a pre-event. */
export function isWebhookEvent(name: string): name is PostEvent | PreEvent {
  return (POST_EVENTS as readonly string[]).includes(name) || (PRE_EVENTS as readonly string[]).includes(name);
}

/** A webhook call's body. */
export type WebhookPayload<E extends string = string> = { EventType: E } & Record<string, JSONValue>;

const iso = (ms: number) => new Date(ms).toISOString();

/** A conversation's fields in a payload. */
export function conversationPayload<E extends string>(eventType: E, c: ConversationData): WebhookPayload<E> {
  return {
    EventType: eventType,
    ConversationSid: c.sid,
    UniqueName: c.uniqueName,
    FriendlyName: c.friendlyName,
    Attributes: c.attributes,
    State: c.state.current,
    CreatedBy: c.createdBy,
    DateCreated: iso(c.dateCreated),
    DateUpdated: iso(c.dateUpdated)
  };
}

/** A participant's fields in a payload. */
export function participantPayload<E extends string>(eventType: E, p: ParticipantData): WebhookPayload<E> {
  return {
    EventType: eventType,
    ConversationSid: p.conversationSid,
    ParticipantSid: p.sid,
    Identity: p.identity,
    Role: p.role,
    Attributes: p.attributes,
    DateCreated: iso(p.dateCreated),
    DateUpdated: iso(p.dateUpdated)
  };
}

/** A message's fields in a payload. */
export function messagePayload<E extends string>(eventType: E, m: MessageData): WebhookPayload<E> {
  return {
    EventType: eventType,
    ConversationSid: m.conversationSid,
    MessageSid: m.sid,
    Index: m.index,
    Author: m.author,
    ParticipantSid: m.participantSid,
    Body: m.body,
    Attributes: m.attributes,
    Media: m.media.map((x) => ({ Sid: x.sid, ContentType: x.contentType, Filename: x.filename, Size: x.size })),
    DateCreated: iso(m.dateCreated),
    DateUpdated: iso(m.dateUpdated)
  };
}

/** A user's fields in a payload (`Role`: the service role's name; null, the default one). */
export function userPayload<E extends string>(eventType: E, u: UserRecord): WebhookPayload<E> {
  return {
    EventType: eventType,
    Identity: u.identity,
    FriendlyName: u.friendlyName,
    Attributes: u.attributes,
    Role: u.role,
    DateCreated: iso(u.dateCreated),
    DateUpdated: iso(u.dateUpdated)
  };
}

/** A reaction added or removed (beyond the reference): who, which key, and the message's summary after it. */
export function reactionPayload<E extends string>(
  eventType: E,
  m: MessageData,
  identity: string,
  key: string,
  reactions: readonly ReactionData[]
): WebhookPayload<E> {
  return {
    EventType: eventType,
    ConversationSid: m.conversationSid,
    MessageSid: m.sid,
    Index: m.index,
    Identity: identity,
    Reaction: key,
    Reactions: reactions.map((r) => ({ Key: r.key, Count: r.count, Identities: [...r.identities] }))
  };
}

/** A post-event webhook call a change makes: its event, and the conversation it is about (null: none). */
export interface WebhookCall {
  eventType: PostEvent;
  conversationSid: string | null;
  payload: WebhookPayload;
}

/**
 * The service's pre-event webhook, as the domain sees it: asked before a change, it allows it
 * (answering fields to change, or none) or refuses it by throwing `RefusedByWebhook`.
 */
export interface PreEventHooks {
  /** Whether the webhook is to be asked about `eventType` (known without waiting: nothing is read when none is). */
  wants(eventType: PreEvent): boolean;
  /** The fields the webhook changes (`Body`, `Attributes`, ...), or null to go on unchanged. */
  decide(eventType: PreEvent, payload: WebhookPayload<PreEvent>): Promise<Record<string, JSONValue> | null>;
}

import type { Static } from '@sinclair/typebox';
import type { ConversationData, MessageData, ParticipantData, UserConversationData, UserData } from '../../../protocol';
import type { RoleRecord, UserRecord } from '../../storage/records';
import type { Conversation, Message, Meta, Participant, Role, User, UserConversation } from './schemas';

/**
 * Records as the REST API shows them (pure): the reference's snake_case fields, ISO 8601 times,
 * and each resource's absolute `url`. `base` is the server's public HTTP URL.
 */

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

/** The URL of a conversation's resource. */
export function conversationUrl(base: string, sid: string): string {
  return `${base}/v1/Conversations/${path(sid)}`;
}

/** A conversation. */
export function conversationResource(base: string, c: ConversationData): Static<typeof Conversation> {
  const url = conversationUrl(base, c.sid);
  return {
    sid: c.sid,
    unique_name: c.uniqueName,
    friendly_name: c.friendlyName,
    attributes: c.attributes,
    state: c.state.current,
    state_date_updated: iso(c.state.dateUpdated),
    is_private: c.isPrivate,
    created_by: c.createdBy,
    messages_count: c.messagesCount,
    participants_count: c.participantsCount,
    date_created: iso(c.dateCreated),
    date_updated: iso(c.dateUpdated),
    url,
    links: { participants: `${url}/Participants`, messages: `${url}/Messages` }
  };
}

/** A participant; `roleSid` finds the sid of a role by name. */
export function participantResource(
  base: string,
  p: ParticipantData,
  roleSid: (name: string) => string | null
): Static<typeof Participant> {
  return {
    sid: p.sid,
    conversation_sid: p.conversationSid,
    identity: p.identity,
    attributes: p.attributes,
    role_sid: roleSid(p.role),
    role: p.role,
    last_read_message_index: p.lastReadMessageIndex,
    last_read_timestamp: isoOrNull(p.lastReadTimestamp),
    date_created: iso(p.dateCreated),
    date_updated: iso(p.dateUpdated),
    url: `${conversationUrl(base, p.conversationSid)}/Participants/${path(p.sid)}`
  };
}

/** A message. */
export function messageResource(base: string, m: MessageData): Static<typeof Message> {
  return {
    sid: m.sid,
    conversation_sid: m.conversationSid,
    index: m.index,
    author: m.author,
    participant_sid: m.participantSid,
    body: m.body,
    attributes: m.attributes,
    media:
      m.media.length === 0
        ? null
        : m.media.map((x) => ({
            sid: x.sid,
            filename: x.filename,
            content_type: x.contentType,
            size: x.size,
            category: x.category
          })),
    content_sid: m.contentSid,
    content_variables: m.contentVariables ?? null,
    last_updated_by: m.lastUpdatedBy,
    date_created: iso(m.dateCreated),
    date_updated: iso(m.dateUpdated),
    url: `${conversationUrl(base, m.conversationSid)}/Messages/${path(m.sid)}`,
    ...(m.reactions === undefined ? {} : { reactions: m.reactions }),
    ...(m.replyTo === undefined ? {} : { reply_to: m.replyTo }),
    ...(m.mentions === undefined ? {} : { mentions: m.mentions })
  };
}

/** The URL of a user's resource. */
export function userUrl(base: string, identity: string): string {
  return `${base}/v1/Users/${path(identity)}`;
}

/** A user: the stored profile's times and service role, and reachability as sessions see it. */
export function userResource(
  base: string,
  record: UserRecord,
  user: UserData,
  roleSid: string | null
): Static<typeof User> {
  const url = userUrl(base, record.identity);
  return {
    identity: record.identity,
    role_sid: roleSid,
    friendly_name: user.friendlyName,
    attributes: user.attributes,
    is_online: user.isOnline,
    is_notifiable: user.isNotifiable,
    date_created: iso(record.dateCreated),
    date_updated: iso(record.dateUpdated),
    url,
    links: { user_conversations: `${url}/Conversations` }
  };
}

/** One of a user's conversations, with the user's own view of it. */
export function userConversationResource(
  base: string,
  identity: string,
  v: UserConversationData
): Static<typeof UserConversation> {
  return {
    conversation_sid: v.conversation.sid,
    unique_name: v.conversation.uniqueName,
    friendly_name: v.conversation.friendlyName,
    attributes: v.conversation.attributes,
    conversation_state: v.conversation.state.current,
    participant_sid: v.participant.sid,
    last_read_message_index: v.participant.lastReadMessageIndex,
    unread_messages_count: v.unreadCount,
    notification_level: v.notificationLevel,
    date_created: iso(v.conversation.dateCreated),
    date_updated: iso(v.conversation.dateUpdated),
    url: `${userUrl(base, identity)}/Conversations/${path(v.conversation.sid)}`
  };
}

/** The `meta` of a page: the URL of this page and of the next and previous (null when there is none). */
export function pageMeta(
  key: string,
  pageSize: number,
  url: string,
  next: string | null,
  previous: string | null = null
): Static<typeof Meta> {
  const at = (token: string | null) => {
    if (token === null) return null;
    const target = new URL(url);
    target.searchParams.set('PageToken', token);
    return target.toString();
  };
  return { key, page_size: pageSize, url, next_page_url: at(next), previous_page_url: at(previous) };
}

/** A role. */
export function roleResource(base: string, role: RoleRecord): Static<typeof Role> {
  return {
    sid: role.sid,
    friendly_name: role.friendlyName,
    type: role.type,
    permissions: role.permissions,
    date_created: iso(role.dateCreated),
    date_updated: iso(role.dateUpdated),
    url: `${base}/v1/Roles/${path(role.sid)}`
  };
}

import { ErrorCode } from '../../protocol';
import type { ConversationRecord, ParticipantRecord } from '../storage/records';
import type { Reader } from '../storage/storage';
import { type Actor, EVERY_PERMISSION, canSee } from './access';
import { DomainError, conversationNotFound } from './errors';
import type { MessageRecord, RoleRecord, UserRecord } from '../storage/records';
import {
  CREATOR_CONVERSATION_ROLE,
  DEFAULT_CONVERSATION_ROLE,
  DEFAULT_SERVICE_ROLE,
  type Permission,
  defaultRole,
  grantedBy
} from './permissions';

/** A conversation and the caller's place in it. */
export interface Visible {
  conversation: ConversationRecord;
  participant: ParticipantRecord | null;
}

/** A conversation the caller may act in, and what it may do there. */
export interface Access {
  conversation: ConversationRecord;
  /** The actor's participant record (a backend's is null unless it acts as a participant's identity). */
  participant: ParticipantRecord | null;
  granted: ReadonlySet<Permission>;
}

/** A conversation the caller takes part in. */
export interface Membership {
  conversation: ConversationRecord;
  participant: ParticipantRecord;
}

/** A role by name: the stored one, else a default role as it ships. */
export async function roleNamed(reader: Reader, name: string): Promise<RoleRecord | null> {
  return (await reader.getRole(name)) ?? defaultRole(name);
}

/** What a user may do: their service role's permissions, and in a conversation their role's there. */
export async function grantedTo(
  reader: Reader,
  identity: string,
  conversationRole: string | null
): Promise<ReadonlySet<Permission>> {
  const [user, usual] = await Promise.all([reader.getUser(identity), usualRoles(reader)]);
  return granted(reader, user, usual, conversationRole);
}

/**
 * The roles most users have: the default service role, and the conversation roles of a participant
 * and of a conversation's creator (read together with what else a command reads: one round trip when
 * pipelined).
 */
interface UsualRoles {
  service: RoleRecord | null;
  conversation: ReadonlyMap<string, RoleRecord | null>;
}

const USUAL_CONVERSATION_ROLES = [DEFAULT_CONVERSATION_ROLE, CREATOR_CONVERSATION_ROLE];

const USUAL_ROLES = [DEFAULT_SERVICE_ROLE, ...USUAL_CONVERSATION_ROLES];

async function usualRoles(reader: Reader): Promise<UsualRoles> {
  return usualRolesOf(await reader.getRoles(USUAL_ROLES));
}

/** The usual roles, given those of them that are stored. */
function usualRolesOf(stored: readonly RoleRecord[]): UsualRoles {
  const named = (name: string) => stored.find((role) => role.friendlyName === name) ?? defaultRole(name);
  return {
    service: named(DEFAULT_SERVICE_ROLE),
    conversation: new Map(USUAL_CONVERSATION_ROLES.map((name) => [name, named(name)]))
  };
}

/** What `user` may do, given the usual roles read already: only another role costs one more read. */
async function granted(
  reader: Reader,
  user: UserRecord | null,
  usual: UsualRoles,
  conversationRole: string | null
): Promise<ReadonlySet<Permission>> {
  const serviceRole = user?.role ?? DEFAULT_SERVICE_ROLE;
  const [service, conversation] = await Promise.all([
    serviceRole === DEFAULT_SERVICE_ROLE ? usual.service : roleNamed(reader, serviceRole),
    conversationRole === null
      ? null
      : usual.conversation.has(conversationRole)
        ? (usual.conversation.get(conversationRole) ?? null)
        : roleNamed(reader, conversationRole)
  ]);
  return grantedBy(service, conversation);
}

/**
 * Loads a conversation the caller may see. A missing conversation and a private one the
 * caller takes no part in get the same `NotFound`.
 */
export async function loadVisible(reader: Reader, conversationSid: string, identity: string): Promise<Visible> {
  // the conversation first (in a write, its lock), then the participant, sent together
  const [conversation, participant] = await Promise.all([
    reader.getConversation(conversationSid),
    reader.getParticipant(conversationSid, identity)
  ]);
  return visibleTo(conversation, participant);
}

/**
 * Loads a conversation the caller takes part in: `NotFound` as in {@link loadVisible}, and
 * `Forbidden` for a public conversation the caller has not joined.
 */
export async function loadMembership(reader: Reader, conversationSid: string, identity: string): Promise<Membership> {
  return memberOf(await loadVisible(reader, conversationSid, identity));
}

/** The conversation as the caller may see it: `NotFound` when it is missing, or private and not theirs. */
function visibleTo(conversation: ConversationRecord | null, participant: ParticipantRecord | null): Visible {
  if (!conversation || !canSee(conversation, participant)) throw conversationNotFound();
  return { conversation, participant };
}

/** The caller's membership of a conversation they see: `Forbidden` when they have not joined it. */
function memberOf({ conversation, participant }: Visible): Membership {
  if (!participant) throw new DomainError(ErrorCode.Forbidden, 'Not a participant of this conversation: join it first');
  return { conversation, participant };
}

/**
 * Loads a conversation the caller takes part in (as {@link loadMembership}) and what they may do there,
 * in one read (`Reader.accessRows`); with `key`, the message they sent into it with that key.
 */
export async function loadMemberAccess(
  reader: Reader,
  conversationSid: string,
  identity: string,
  key?: string
): Promise<Membership & Access & Sent> {
  const rows = await reader.accessRows(conversationSid, identity, USUAL_ROLES, key);
  const { conversation, participant } = memberOf(visibleTo(rows.conversation, rows.participant));
  const permissions = await granted(reader, rows.user, usualRolesOf(rows.roles), participant.role);
  return { conversation, participant, granted: permissions, earlier: rows.earlier };
}

/** What a send with an idempotency key finds: the message sent with it before, if any. */
export interface Sent {
  earlier: MessageRecord | null;
}

/**
 * Loads a conversation for an actor: a user must take part in it (as {@link loadMembership});
 * a backend reaches any conversation, with every permission. With `key`, the message the actor's
 * identity sent into it with that key.
 */
export async function loadAccess(
  reader: Reader,
  conversationSid: string,
  actor: Actor,
  key?: string
): Promise<Access & Sent> {
  if (actor.kind === 'user') return loadMemberAccess(reader, conversationSid, actor.identity, key);
  // the conversation (in a write: locked first), the participant and the key, sent together
  const [conversation, participant, earlier] = await Promise.all([
    reader.getConversation(conversationSid),
    reader.getParticipant(conversationSid, actor.identity),
    key === undefined ? null : reader.getMessageByKey(conversationSid, actor.identity, key)
  ]);
  if (!conversation) throw conversationNotFound();
  return { conversation, participant, granted: EVERY_PERMISSION, earlier };
}

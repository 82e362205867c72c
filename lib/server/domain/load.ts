import { ErrorCode } from '../../protocol';
import type { ConversationRecord, ParticipantRecord } from '../storage/records';
import type { Reader } from '../storage/storage';
import { type Actor, EVERY_PERMISSION, canSee } from './access';
import { DomainError, conversationNotFound } from './errors';
import type { RoleRecord } from '../storage/records';
import { DEFAULT_SERVICE_ROLE, type Permission, defaultRole, grantedBy } from './permissions';

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
  const user = await reader.getUser(identity);
  const service = await roleNamed(reader, user?.role ?? DEFAULT_SERVICE_ROLE);
  return grantedBy(service, conversationRole === null ? null : await roleNamed(reader, conversationRole));
}

/**
 * Loads a conversation the caller may see. A missing conversation and a private one the
 * caller takes no part in get the same `NotFound`.
 */
export async function loadVisible(reader: Reader, conversationSid: string, identity: string): Promise<Visible> {
  const conversation = await reader.getConversation(conversationSid);
  if (!conversation) throw conversationNotFound();
  const participant = await reader.getParticipant(conversationSid, identity);
  if (!canSee(conversation, participant)) throw conversationNotFound();
  return { conversation, participant };
}

/**
 * Loads a conversation the caller takes part in: `NotFound` as in {@link loadVisible}, and
 * `Forbidden` for a public conversation the caller has not joined.
 */
export async function loadMembership(reader: Reader, conversationSid: string, identity: string): Promise<Membership> {
  const { conversation, participant } = await loadVisible(reader, conversationSid, identity);
  if (!participant) throw new DomainError(ErrorCode.Forbidden, 'Not a participant of this conversation: join it first');
  return { conversation, participant };
}

/** Loads a conversation the caller takes part in (as {@link loadMembership}) and what they may do there. */
export async function loadMemberAccess(
  reader: Reader,
  conversationSid: string,
  identity: string
): Promise<Membership & Access> {
  const { conversation, participant } = await loadMembership(reader, conversationSid, identity);
  return { conversation, participant, granted: await grantedTo(reader, identity, participant.role) };
}

/**
 * Loads a conversation for an actor: a user must take part in it (as {@link loadMembership});
 * a backend reaches any conversation, with every permission.
 */
export async function loadAccess(reader: Reader, conversationSid: string, actor: Actor): Promise<Access> {
  if (actor.kind === 'user') return loadMemberAccess(reader, conversationSid, actor.identity);
  const conversation = await reader.getConversation(conversationSid);
  if (!conversation) throw conversationNotFound();
  return {
    conversation,
    participant: await reader.getParticipant(conversationSid, actor.identity),
    granted: EVERY_PERMISSION
  };
}

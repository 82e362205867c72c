import { ErrorCode } from '../../protocol';
import type { ConversationRecord, MessageRecord, ParticipantRecord } from '../storage/records';
import { DomainError } from './errors';
import {
  CONVERSATION_PERMISSIONS,
  CREATOR_CONVERSATION_ROLE,
  type Permission,
  SERVICE_ONLY_PERMISSIONS
} from './permissions';

/**
 * Pure authorization rules. What a caller may do is the set of permissions its roles grant
 * (permissions.ts); these functions say which permission an action needs.
 */

/**
 * Who runs a domain operation: a `user` (a WebSocket session), held to their roles and to the
 * conversations they take part in; or a `backend` (a REST request with an API key), which may do
 * everything, acting as `identity` (the author of its messages, who created or last updated).
 */
export interface Actor {
  readonly kind: 'user' | 'backend';
  readonly identity: string;
}

/** The identity a backend acts as when it names none (the author of system messages). */
export const SYSTEM_IDENTITY = 'system';

/** A user acting through their session. */
export function userActor(identity: string): Actor {
  return { kind: 'user', identity };
}

/** A backend acting as `identity` (default {@link SYSTEM_IDENTITY}). */
export function backendActor(identity: string = SYSTEM_IDENTITY): Actor {
  return { kind: 'backend', identity };
}

/** Every permission: what a backend holds. */
export const EVERY_PERMISSION: ReadonlySet<Permission> = new Set<Permission>([
  ...SERVICE_ONLY_PERMISSIONS,
  ...CONVERSATION_PERMISSIONS
]);

/** Throws `Forbidden` naming the first of `needed` that `granted` lacks. */
export function ensurePermitted(granted: ReadonlySet<Permission>, ...needed: Permission[]): void {
  const missing = needed.find((permission) => !granted.has(permission));
  if (missing !== undefined) throw new DomainError(ErrorCode.Forbidden, `Your role lacks the '${missing}' permission`);
}

/** Whether the caller may learn that the conversation exists: a participant, or anyone for a public one. */
export function canSee(conversation: ConversationRecord, actor: ParticipantRecord | null): boolean {
  return actor !== null || !conversation.isPrivate;
}

/** Whether the caller may join: a public conversation that is not closed. */
export function canJoin(conversation: ConversationRecord): boolean {
  return !conversation.isPrivate && conversation.state.current !== 'closed';
}

/** Whether the conversation accepts new messages and participants. */
export function isOpen(conversation: ConversationRecord): boolean {
  return conversation.state.current !== 'closed';
}

/** A closed conversation cannot be reopened. */
export function canChangeState(
  conversation: ConversationRecord,
  next: ConversationRecord['state']['current']
): boolean {
  return conversation.state.current !== 'closed' || next === 'closed';
}

/** Whether a participant is an admin of its conversation: holds the conversation creator's role. */
export function isAdmin(participant: ParticipantRecord): boolean {
  return participant.role === CREATOR_CONVERSATION_ROLE;
}

/** Whether `roster` has an admin other than `participant`. */
function hasOtherAdmin(roster: readonly ParticipantRecord[], participant: ParticipantRecord): boolean {
  return roster.some((other) => other.sid !== participant.sid && isAdmin(other));
}

/**
 * Who becomes admin when `leaving` leaves `roster` (the participants who stay): when it was the
 * last admin, the participant who joined first (the longest-standing; ties by sid); else nobody. A
 * conversation with participants always has an admin to manage it.
 */
export function successorAdmin(
  roster: readonly ParticipantRecord[],
  leaving: ParticipantRecord
): ParticipantRecord | null {
  if (!isAdmin(leaving) || hasOtherAdmin(roster, leaving)) return null;
  let first: ParticipantRecord | null = null;
  for (const candidate of roster) {
    if (candidate.sid === leaving.sid || candidate.identity === null) continue;
    if (
      !first ||
      candidate.dateCreated < first.dateCreated ||
      (candidate.dateCreated === first.dateCreated && candidate.sid < first.sid)
    ) {
      first = candidate;
    }
  }
  return first;
}

/** Whether `target`'s role may become `role`: the last admin of a conversation stays admin (it may leave instead). */
export function canChangeRole(
  roster: readonly ParticipantRecord[],
  target: ParticipantRecord,
  role: ParticipantRecord['role']
): boolean {
  return role === CREATOR_CONVERSATION_ROLE || !isAdmin(target) || hasOtherAdmin(roster, target);
}

/** What a change of a conversation needs: its names, its attributes or state. */
export function conversationEditPermissions(change: { name: boolean; attributes: boolean }): Permission[] {
  return [
    ...(change.name ? (['editConversationName'] as const) : []),
    ...(change.attributes ? (['editConversationAttributes'] as const) : [])
  ];
}

/** What an edit of a message needs: its author edits their own, others need the `Any` permissions. */
export function messageEditPermissions(
  identity: string,
  message: MessageRecord,
  change: { body: boolean; attributes: boolean }
): Permission[] {
  const own = message.author === identity;
  const needed: Permission[] = [];
  if (change.body) needed.push(own ? 'editOwnMessage' : 'editAnyMessage');
  if (change.attributes) needed.push(own ? 'editOwnMessageAttributes' : 'editAnyMessageAttributes');
  return needed;
}

/** What removing a message needs. */
export function messageRemovePermission(identity: string, message: MessageRecord): Permission {
  return message.author === identity ? 'deleteOwnMessage' : 'deleteAnyMessage';
}

/** What removing a participant needs: oneself is leaving. */
export function participantRemovePermission(identity: string, target: ParticipantRecord): Permission {
  return target.identity === identity ? 'leaveConversation' : 'removeParticipant';
}

/**
 * What a change of a participant needs: attributes, one's own or another's; a role, changing
 * another's attributes as well (the role given is checked apart: one only gives a role one holds).
 */
export function participantEditPermissions(
  identity: string,
  target: ParticipantRecord,
  change: { attributes: boolean; role: boolean }
): Permission[] {
  const own = target.identity === identity;
  const needed: Permission[] = [];
  if (change.attributes || (change.role && !own))
    needed.push(own ? 'editOwnParticipantAttributes' : 'editAnyParticipantAttributes');
  return needed;
}

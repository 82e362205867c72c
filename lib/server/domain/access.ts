import type { ConversationRecord, MessageRecord, ParticipantRecord } from '../storage/records';

/**
 * Pure authorization rules. `actor` is the caller's participant record in the conversation,
 * or null when the caller takes no part in it.
 */

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

/** Whether the caller is an admin of the conversation. */
export function isAdmin(actor: ParticipantRecord): boolean {
  return actor.role === 'admin';
}

/** Only admins delete a conversation. */
export function canDeleteConversation(actor: ParticipantRecord): boolean {
  return isAdmin(actor);
}

/** Anyone may remove themselves; only admins remove others. */
export function canRemoveParticipant(actor: ParticipantRecord, target: ParticipantRecord): boolean {
  return actor.sid === target.sid || isAdmin(actor);
}

/** Attributes: oneself or an admin. Role: an admin. */
export function canUpdateParticipant(
  actor: ParticipantRecord,
  target: ParticipantRecord,
  change: { attributes: boolean; role: boolean }
): boolean {
  if (change.role && !isAdmin(actor)) return false;
  if (change.attributes && actor.sid !== target.sid && !isAdmin(actor)) return false;
  return true;
}

/** Any participant adds users; only admins give a role other than `user`. */
export function canAddParticipant(actor: ParticipantRecord, role: ParticipantRecord['role']): boolean {
  return role === 'user' || isAdmin(actor);
}

/** A message's author or an admin edits or removes it. */
export function canEditMessage(actor: ParticipantRecord, message: MessageRecord): boolean {
  return message.author === actor.identity || isAdmin(actor);
}

/** A closed conversation cannot be reopened. */
export function canChangeState(conversation: ConversationRecord, next: ConversationRecord['state']['current']): boolean {
  return conversation.state.current !== 'closed' || next === 'closed';
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
export function successorAdmin(roster: readonly ParticipantRecord[], leaving: ParticipantRecord): ParticipantRecord | null {
  if (!isAdmin(leaving) || hasOtherAdmin(roster, leaving)) return null;
  let first: ParticipantRecord | null = null;
  for (const candidate of roster) {
    if (candidate.sid === leaving.sid || candidate.identity === null) continue;
    if (!first || candidate.dateCreated < first.dateCreated || (candidate.dateCreated === first.dateCreated && candidate.sid < first.sid)) {
      first = candidate;
    }
  }
  return first;
}

/** Whether `target`'s role may become `role`: the last admin of a conversation stays admin (it may leave instead). */
export function canChangeRole(roster: readonly ParticipantRecord[], target: ParticipantRecord, role: ParticipantRecord['role']): boolean {
  return role === 'admin' || !isAdmin(target) || hasOtherAdmin(roster, target);
}

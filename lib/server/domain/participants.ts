import { type CommandArgs, type CommandResult, ErrorCode, LIMITS, type ParticipantData } from '../../protocol';
import type { ConversationRecord, ParticipantRecord } from '../storage/records';
import type { Tx } from '../storage/storage';
import { canAddParticipant, canChangeRole, canJoin, canRemoveParticipant, canUpdateParticipant, isOpen } from './access';
import { type Changes, type DomainContext, type RequestHooks, read, write } from './context';
import { DomainError, conversationNotFound, ensure } from './errors';
import { loadMembership } from './load';
import { announceJoin, newParticipant, removeFromConversation } from './membership';
import { newUser, participantData, userConversationData } from './views';

function participantNotFound(path?: string): DomainError {
  return new DomainError(ErrorCode.NotFound, 'Participant not found', path);
}

/** Adds a user (created on first sight) to a conversation; the conversation becomes active again. */
async function admit(
  changes: Changes,
  conversation: ConversationRecord,
  identity: string,
  role: ParticipantRecord['role'],
  attributes: ParticipantRecord['attributes']
): Promise<{ conversation: ConversationRecord; participant: ParticipantRecord }> {
  const { tx, now } = changes;
  if (!isOpen(conversation)) throw new DomainError(ErrorCode.Conflict, 'The conversation is closed');
  if (conversation.participantsCount >= LIMITS.maxParticipantsPerConversation) {
    throw new DomainError(
      ErrorCode.LimitExceeded,
      `A conversation has at most ${LIMITS.maxParticipantsPerConversation} participants`
    );
  }
  await tx.ensureUser(newUser(identity, now));
  const participant = newParticipant(conversation.sid, identity, role, attributes, now);
  const next: ConversationRecord = { ...conversation, participantsCount: conversation.participantsCount + 1 };
  if (next.state.current === 'inactive') next.state = { current: 'active', dateUpdated: now };
  await tx.insertParticipant(participant);
  await tx.updateConversation(next);
  await announceJoin(changes, next, participant);
  return { conversation: next, participant };
}

/** The whole roster (participants only). */
export function listParticipants(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'listParticipants'>
): Promise<CommandResult<'listParticipants'>> {
  return read(ctx, async (reader) => {
    await loadMembership(reader, args.conversationSid, identity);
    return { items: (await reader.listParticipants(args.conversationSid)).map(participantData) };
  });
}

/** The rosters of the conversations among `conversationSids` that the user takes part in. */
export function listRosters(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'listRosters'>
): Promise<CommandResult<'listRosters'>> {
  return read(ctx, async (reader) => {
    const rosters = new Map<string, ParticipantData[]>();
    for (const participant of await reader.listRostersOf(identity, [...new Set(args.conversationSids)])) {
      const roster = rosters.get(participant.conversationSid);
      if (roster === undefined) rosters.set(participant.conversationSid, [participantData(participant)]);
      else roster.push(participantData(participant));
    }
    return { items: [...rosters].map(([conversationSid, items]) => ({ conversationSid, items })) };
  });
}

/** Adds a user by identity (any participant; a role other than `user` needs an admin). */
export function addParticipant(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'addParticipant'>,
  hooks: RequestHooks
): Promise<CommandResult<'addParticipant'>> {
  return write(ctx, hooks, async (changes) => {
    const { conversation, participant: actor } = await loadMembership(changes.tx, args.conversationSid, identity);
    const role = args.role ?? 'user';
    ensure(canAddParticipant(actor, role), 'Only an admin may add an admin');
    if (await changes.tx.getParticipant(conversation.sid, args.identity)) {
      throw new DomainError(ErrorCode.Conflict, 'Already a participant', 'args.identity');
    }
    const { participant } = await admit(changes, conversation, args.identity, role, args.attributes ?? {});
    return participantData(participant);
  });
}

/** Joins a public conversation; joining one the caller is in answers it as it is. */
export function joinConversation(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'joinConversation'>,
  hooks: RequestHooks
): Promise<CommandResult<'joinConversation'>> {
  return write(ctx, hooks, async (changes) => {
    const { tx } = changes;
    const conversation = await tx.getConversation(args.conversationSid);
    if (!conversation) throw conversationNotFound();
    const existing = await tx.getParticipant(conversation.sid, identity);
    if (existing) {
      const unread =
        existing.lastReadMessageIndex === null ? null : await tx.countMessagesAfter(conversation.sid, existing.lastReadMessageIndex);
      return userConversationData(conversation, existing, unread);
    }
    if (conversation.isPrivate) throw conversationNotFound();
    if (!canJoin(conversation)) throw new DomainError(ErrorCode.Conflict, 'The conversation is closed');
    const joined = await admit(changes, conversation, identity, 'user', {});
    return userConversationData(joined.conversation, joined.participant, null);
  });
}

/** Leaves a conversation. */
export function leaveConversation(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'leaveConversation'>,
  hooks: RequestHooks
): Promise<CommandResult<'leaveConversation'>> {
  return write(ctx, hooks, async (changes) => {
    const { conversation, participant } = await loadMembership(changes.tx, args.conversationSid, identity);
    await removeFromConversation(changes, conversation, participant);
    return {};
  });
}

async function findTarget(tx: Tx, conversationSid: string, args: { participantSid?: string; identity?: string }) {
  if (args.participantSid !== undefined) {
    const found = await tx.getParticipantBySid(conversationSid, args.participantSid);
    if (!found) throw participantNotFound('args.participantSid');
    return found;
  }
  if (args.identity !== undefined) {
    const found = await tx.getParticipant(conversationSid, args.identity);
    if (!found) throw participantNotFound('args.identity');
    return found;
  }
  throw new DomainError(ErrorCode.BadRequest, 'participantSid or identity is required', 'args.participantSid');
}

/** Removes a participant by sid or identity: oneself, or anyone for an admin. */
export function removeParticipant(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'removeParticipant'>,
  hooks: RequestHooks
): Promise<CommandResult<'removeParticipant'>> {
  return write(ctx, hooks, async (changes) => {
    const { conversation, participant: actor } = await loadMembership(changes.tx, args.conversationSid, identity);
    const target = await findTarget(changes.tx, conversation.sid, args);
    ensure(canRemoveParticipant(actor, target), 'Only an admin may remove other participants');
    await removeFromConversation(changes, conversation, target);
    return {};
  });
}

/** Changes a participant's attributes (oneself or an admin) or role (an admin). */
export function updateParticipant(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'updateParticipant'>,
  hooks: RequestHooks
): Promise<CommandResult<'updateParticipant'>> {
  return write(ctx, hooks, async (changes) => {
    const { tx, now } = changes;
    const { conversation, participant: actor } = await loadMembership(tx, args.conversationSid, identity);
    const target = await findTarget(tx, conversation.sid, { participantSid: args.participantSid });
    const change = { attributes: args.attributes !== undefined, role: args.role !== undefined && args.role !== target.role };
    ensure(
      canUpdateParticipant(actor, target, change),
      change.role ? 'Only an admin may change roles' : "Only an admin may change another participant's attributes"
    );
    if (change.role && args.role && !canChangeRole(await tx.listParticipants(conversation.sid), target, args.role)) {
      throw new DomainError(ErrorCode.Conflict, 'The last admin stays admin: make another participant admin first, or leave', 'args.role');
    }
    const next: ParticipantRecord = { ...target, attributes: args.attributes ?? target.attributes, role: args.role ?? target.role };
    if (!change.role && JSON.stringify(next.attributes) === JSON.stringify(target.attributes)) return participantData(target);
    next.dateUpdated = now;
    await tx.updateParticipant(next);
    await changes.emit('participantUpdated', { participant: participantData(next) }, { conversationSid: conversation.sid });
    return participantData(next);
  });
}

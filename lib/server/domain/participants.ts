import { type CommandArgs, type CommandResult, ErrorCode, LIMITS, type ParticipantData } from '../../protocol';
import type { ConversationRecord, ParticipantRecord } from '../storage/records';
import type { Reader } from '../storage/storage';
import {
  type Actor,
  canChangeRole,
  canJoin,
  ensurePermitted,
  isOpen,
  participantEditPermissions,
  participantRemovePermission
} from './access';
import { type Changes, type DomainContext, type RequestHooks, read, write } from './context';
import { DomainError, conversationNotFound } from './errors';
import { grantedTo, loadAccess, loadMemberAccess, roleNamed } from './load';
import { DEFAULT_CONVERSATION_ROLE, type Permission, holdsAll } from './permissions';
import { announceJoin, newParticipant, removeFromConversation } from './membership';
import { participantData, userConversationData } from './views';
import { userIn } from './users';
import { participantPayload } from './webhook-events';
import { asksBefore, changedBy, preEvent } from './pre-events';

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
  await userIn(changes, identity);
  const participant = newParticipant(conversation.sid, identity, role, attributes, now);
  const next: ConversationRecord = { ...conversation, participantsCount: conversation.participantsCount + 1 };
  if (next.state.current === 'inactive') next.state = { current: 'active', dateUpdated: now };
  await tx.insertParticipant(participant);
  await tx.updateConversation(next);
  await announceJoin(changes, next, participant);
  return { conversation: next, participant };
}

/**
 * Checks a role to give: a conversation role that exists, and — for a user — one whose every
 * permission the giver holds.
 */
async function ensureGivable(
  reader: Reader,
  actor: Actor,
  granted: ReadonlySet<Permission>,
  name: string
): Promise<void> {
  const role = await roleNamed(reader, name);
  if (!role || role.type !== 'conversation')
    throw new DomainError(ErrorCode.NotFound, `No conversation role '${name}'`, 'args.role');
  if (actor.kind === 'user' && !holdsAll(granted, role)) {
    throw new DomainError(
      ErrorCode.Forbidden,
      `Only a participant holding every permission of '${name}' may give that role`
    );
  }
}

/** The whole roster (participants only). */
export function listParticipants(
  ctx: DomainContext,
  actor: Actor,
  args: CommandArgs<'listParticipants'>
): Promise<CommandResult<'listParticipants'>> {
  return read(ctx, async (reader) => {
    await loadAccess(reader, args.conversationSid, actor);
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

/** Adds a user by identity (`addParticipant`); the role given must be one the adder could act as. */
export async function addParticipant(
  ctx: DomainContext,
  actor: Actor,
  given: CommandArgs<'addParticipant'>,
  hooks: RequestHooks
): Promise<CommandResult<'addParticipant'>> {
  const args = await askBeforeAdd(ctx, actor, given);
  return write(ctx, hooks, async (changes) => {
    const { conversation, granted } = await loadAccess(changes.tx, args.conversationSid, actor);
    ensurePermitted(granted, 'addParticipant');
    const role = args.role ?? DEFAULT_CONVERSATION_ROLE;
    await ensureGivable(changes.tx, actor, granted, role);
    if (await changes.tx.getParticipant(conversation.sid, args.identity)) {
      throw new DomainError(ErrorCode.Conflict, 'Already a participant', 'args.identity');
    }
    const { participant } = await admit(changes, conversation, args.identity, role, args.attributes ?? {});
    return participantData(participant);
  });
}

/** Joins a public conversation; joining one the caller is in answers it as it is. */
export async function joinConversation(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'joinConversation'>,
  hooks: RequestHooks
): Promise<CommandResult<'joinConversation'>> {
  await askBeforeJoin(ctx, identity, args.conversationSid);
  return write(ctx, hooks, async (changes) => {
    const { tx } = changes;
    const conversation = await tx.getConversation(args.conversationSid);
    if (!conversation) throw conversationNotFound();
    const existing = await tx.getParticipant(conversation.sid, identity);
    if (existing) {
      const unread =
        existing.lastReadMessageIndex === null
          ? null
          : await tx.countMessagesAfter(conversation.sid, existing.lastReadMessageIndex);
      return userConversationData(conversation, existing, unread);
    }
    if (conversation.isPrivate) throw conversationNotFound();
    if (!canJoin(conversation)) throw new DomainError(ErrorCode.Conflict, 'The conversation is closed');
    ensurePermitted(await grantedTo(tx, identity, null), 'joinConversation');
    const joined = await admit(changes, conversation, identity, DEFAULT_CONVERSATION_ROLE, {});
    return userConversationData(joined.conversation, joined.participant, null);
  });
}

/** Leaves a conversation (`leaveConversation`). */
export function leaveConversation(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'leaveConversation'>,
  hooks: RequestHooks
): Promise<CommandResult<'leaveConversation'>> {
  return write(ctx, hooks, async (changes) => {
    const { conversation, participant, granted } = await loadMemberAccess(changes.tx, args.conversationSid, identity);
    ensurePermitted(granted, 'leaveConversation');
    await removeFromConversation(changes, conversation, participant);
    return {};
  });
}

async function findTarget(tx: Reader, conversationSid: string, args: { participantSid?: string; identity?: string }) {
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

/** Removes a participant by sid or identity: oneself (`leaveConversation`), or another (`removeParticipant`). */
export function removeParticipant(
  ctx: DomainContext,
  actor: Actor,
  args: CommandArgs<'removeParticipant'>,
  hooks: RequestHooks
): Promise<CommandResult<'removeParticipant'>> {
  return write(ctx, hooks, async (changes) => {
    const { conversation, granted } = await loadAccess(changes.tx, args.conversationSid, actor);
    const target = await findTarget(changes.tx, conversation.sid, args);
    ensurePermitted(granted, participantRemovePermission(actor.identity, target));
    await removeFromConversation(changes, conversation, target);
    return {};
  });
}

/**
 * Changes a participant's attributes (`editOwnParticipantAttributes` / `editAnyParticipantAttributes`)
 * or role (another's: `editAnyParticipantAttributes`, and a role the changer could act as).
 */
export function updateParticipant(
  ctx: DomainContext,
  actor: Actor,
  args: CommandArgs<'updateParticipant'>,
  hooks: RequestHooks
): Promise<CommandResult<'updateParticipant'>> {
  return write(ctx, hooks, async (changes) => {
    const { tx, now } = changes;
    const { conversation, granted } = await loadAccess(tx, args.conversationSid, actor);
    const target = await findTarget(tx, conversation.sid, { participantSid: args.participantSid });
    const change = {
      attributes: args.attributes !== undefined,
      role: args.role !== undefined && args.role !== target.role
    };
    ensurePermitted(granted, ...participantEditPermissions(actor.identity, target, change));
    if (change.role && args.role !== undefined) {
      await ensureGivable(tx, actor, granted, args.role);
      if (!canChangeRole(await tx.listParticipants(conversation.sid), target, args.role)) {
        throw new DomainError(
          ErrorCode.Conflict,
          'The last admin stays admin: make another participant admin first, or leave',
          'args.role'
        );
      }
    }
    const next: ParticipantRecord = {
      ...target,
      attributes: args.attributes ?? target.attributes,
      role: args.role ?? target.role
    };
    if (!change.role && JSON.stringify(next.attributes) === JSON.stringify(target.attributes))
      return participantData(target);
    next.dateUpdated = now;
    await tx.updateParticipant(next);
    await changes.emit(
      'participantUpdated',
      { participant: participantData(next) },
      { conversationSid: conversation.sid }
    );
    changes.webhook(conversation.sid, participantPayload('onParticipantUpdated', participantData(next)));
    return participantData(next);
  });
}

/** One participant, by sid or identity. */
export function getParticipant(
  ctx: DomainContext,
  actor: Actor,
  conversationSid: string,
  sidOrIdentity: string
): Promise<ParticipantRecord> {
  return read(ctx, async (reader) => {
    const { conversation } = await loadAccess(reader, conversationSid, actor);
    const found =
      (await reader.getParticipantBySid(conversation.sid, sidOrIdentity)) ??
      (await reader.getParticipant(conversation.sid, sidOrIdentity));
    if (!found) throw participantNotFound();
    return found;
  });
}

/**
 * Asks the pre-event webhook (`onParticipantAdd`) about a participant the adder may add; it may change the attributes.
 */
async function askBeforeAdd(
  ctx: DomainContext,
  actor: Actor,
  args: CommandArgs<'addParticipant'>
): Promise<CommandArgs<'addParticipant'>> {
  if (!asksBefore(ctx, 'onParticipantAdd')) return args;
  await read(ctx, async (reader) =>
    ensurePermitted((await loadAccess(reader, args.conversationSid, actor)).granted, 'addParticipant')
  );
  const answer = await preEvent(ctx, {
    EventType: 'onParticipantAdd',
    ConversationSid: args.conversationSid,
    Identity: args.identity,
    Role: args.role ?? DEFAULT_CONVERSATION_ROLE,
    Attributes: args.attributes ?? {},
    ClientIdentity: actor.identity
  });
  return changedBy('addParticipant', args, answer, { Attributes: 'attributes' });
}

/** Asks the pre-event webhook (`onParticipantAdd`) about a user joining a public conversation they are not in. */
async function askBeforeJoin(ctx: DomainContext, identity: string, conversationSid: string): Promise<void> {
  if (!asksBefore(ctx, 'onParticipantAdd')) return;
  const joining = await read(ctx, async (reader) => {
    const conversation = await reader.getConversation(conversationSid);
    return (
      conversation !== null &&
      !conversation.isPrivate &&
      (await reader.getParticipant(conversationSid, identity)) === null
    );
  });
  if (!joining) return;
  await preEvent(ctx, {
    EventType: 'onParticipantAdd',
    ConversationSid: conversationSid,
    Identity: identity,
    Role: DEFAULT_CONVERSATION_ROLE,
    Attributes: {},
    ClientIdentity: identity
  });
}

import { type CommandArgs, type CommandResult, ErrorCode, LIMITS } from '../../protocol';
import type { ConversationRecord, ParticipantRecord } from '../storage/records';
import type { Tx } from '../storage/storage';
import { type Actor, canChangeState, conversationEditPermissions, ensurePermitted } from './access';
import { type DomainContext, type RequestHooks, read, write } from './context';
import { decodeCursor, encodeCursor } from './cursor';
import { DomainError, conversationNotFound } from './errors';
import { grantedTo, loadAccess, loadVisible } from './load';
import { CREATOR_CONVERSATION_ROLE } from './permissions';
import { discardMediaBytes } from './media';
import { announceJoin, newParticipant } from './membership';
import { SidPrefix, newSid } from './sids';
import { conversationData, userConversationData } from './views';
import { conversationPayload } from './webhook-events';
import { asksBefore, changedBy, preEvent } from './pre-events';

/** An empty unique name means none. */
function uniqueNameOf(value: string | null | undefined): string | null | undefined {
  return value === '' ? null : value;
}

async function ensureUniqueNameFree(tx: Tx, uniqueName: string | null | undefined, sid: string | null): Promise<void> {
  if (!uniqueName) return;
  const taken = await tx.getConversationByUniqueName(uniqueName);
  if (taken && taken.sid !== sid)
    throw new DomainError(
      ErrorCode.Conflict,
      'That uniqueName is taken: unique names are unique per service',
      'args.uniqueName'
    );
}

/** A new conversation, and its creator's participant record (none when a backend created it). */
export interface Created {
  conversation: ConversationRecord;
  participant: ParticipantRecord | null;
}

/**
 * Creates a conversation (default: private). A user needs `createConversation` and joins it as
 * `admin`; a backend's conversation starts with no participant.
 */
export async function createConversation(
  ctx: DomainContext,
  actor: Actor,
  given: CommandArgs<'createConversation'>,
  hooks: RequestHooks
): Promise<Created> {
  const args = await askBeforeCreate(ctx, actor, given);
  return write(ctx, hooks, async (changes) => {
    const { tx, now } = changes;
    const { identity } = actor;
    if (actor.kind === 'user') ensurePermitted(await grantedTo(tx, identity, null), 'createConversation');
    const uniqueName = uniqueNameOf(args.uniqueName) ?? null;
    await ensureUniqueNameFree(tx, uniqueName, null);
    const conversation: ConversationRecord = {
      sid: newSid(SidPrefix.Conversation),
      uniqueName,
      friendlyName: args.friendlyName ?? null,
      attributes: args.attributes ?? {},
      createdBy: identity,
      isPrivate: args.isPrivate ?? true,
      dateCreated: now,
      dateUpdated: now,
      state: { current: 'active', dateUpdated: now },
      lastMessage: null,
      messagesCount: 0,
      participantsCount: actor.kind === 'user' ? 1 : 0,
      nextMessageIndex: 0,
      lastActivity: now
    };
    await tx.insertConversation(conversation);
    changes.webhook(conversation.sid, conversationPayload('onConversationAdded', conversationData(conversation)));
    if (actor.kind === 'backend') return { conversation, participant: null };
    const participant = newParticipant(conversation.sid, identity, CREATOR_CONVERSATION_ROLE, {}, now);
    await tx.insertParticipant(participant);
    await announceJoin(changes, conversation, participant);
    return { conversation, participant };
  });
}

/**
 * Changes a conversation's shared fields: its names need `editConversationName`, its attributes
 * and state `editConversationAttributes`; `closed` is final.
 */
export function updateConversation(
  ctx: DomainContext,
  actor: Actor,
  args: CommandArgs<'updateConversation'>,
  hooks: RequestHooks
): Promise<CommandResult<'updateConversation'>> {
  return write(ctx, hooks, async (changes) => {
    const { tx, now } = changes;
    const { conversation, granted } = await loadAccess(tx, args.sid, actor);
    ensurePermitted(
      granted,
      ...conversationEditPermissions({
        name: args.friendlyName !== undefined || args.uniqueName !== undefined,
        attributes: args.attributes !== undefined || args.state !== undefined
      })
    );
    const next: ConversationRecord = { ...conversation };
    const uniqueName = uniqueNameOf(args.uniqueName);
    if (uniqueName !== undefined && uniqueName !== conversation.uniqueName) {
      await ensureUniqueNameFree(tx, uniqueName, conversation.sid);
      next.uniqueName = uniqueName;
    }
    if (args.friendlyName !== undefined) next.friendlyName = args.friendlyName;
    if (args.attributes !== undefined) next.attributes = args.attributes;
    if (args.state !== undefined && args.state !== conversation.state.current) {
      if (!canChangeState(conversation, args.state)) {
        throw new DomainError(ErrorCode.Conflict, 'A closed conversation cannot be reopened', 'args.state');
      }
      next.state = { current: args.state, dateUpdated: now };
    }
    const changed =
      next.uniqueName !== conversation.uniqueName ||
      next.friendlyName !== conversation.friendlyName ||
      JSON.stringify(next.attributes) !== JSON.stringify(conversation.attributes) ||
      next.state !== conversation.state;
    if (!changed) return conversationData(conversation);
    next.dateUpdated = now;
    await tx.updateConversation(next);
    await changes.emit('conversationUpdated', { conversation: conversationData(next) }, { conversationSid: next.sid });
    changes.webhook(next.sid, conversationPayload('onConversationUpdated', conversationData(next)));
    if (next.state !== conversation.state)
      changes.webhook(next.sid, conversationPayload('onConversationStateUpdated', conversationData(next)));
    return conversationData(next);
  });
}

/** Deletes a conversation (`deleteConversation`); every participant receives `conversationRemoved`. */
export async function deleteConversation(
  ctx: DomainContext,
  actor: Actor,
  args: CommandArgs<'deleteConversation'>,
  hooks: RequestHooks
): Promise<CommandResult<'deleteConversation'>> {
  const removedMedia = await write(ctx, hooks, async (changes) => {
    const { tx } = changes;
    const { conversation, granted } = await loadAccess(tx, args.sid, actor);
    ensurePermitted(granted, 'deleteConversation');
    // the storage ends every membership at its seq
    await changes.emit(
      'conversationRemoved',
      { conversationSid: conversation.sid },
      { conversationSid: conversation.sid }
    );
    await tx.deleteConversation(conversation.sid);
    changes.webhook(conversation.sid, conversationPayload('onConversationRemoved', conversationData(conversation)));
    return tx.deleteMedia({ conversationSid: conversation.sid });
  });
  await discardMediaBytes(ctx, removedMedia);
  return {};
}

/** One of the caller's conversations, by sid or unique name. */
export function getConversation(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'getConversation'>
): Promise<CommandResult<'getConversation'>> {
  return read(ctx, async (reader) => {
    let sid = args.sid;
    if (sid === undefined) {
      if (args.uniqueName === undefined)
        throw new DomainError(ErrorCode.BadRequest, 'sid or uniqueName is required', 'args.sid');
      const found = await reader.getConversationByUniqueName(args.uniqueName);
      if (!found) throw conversationNotFound();
      sid = found.sid;
    }
    const conversation = await reader.getConversation(sid);
    const participant = conversation && (await reader.getParticipant(sid, identity));
    if (!conversation || !participant) throw conversationNotFound();
    const unread =
      participant.lastReadMessageIndex === null
        ? null
        : await reader.countMessagesAfter(sid, participant.lastReadMessageIndex);
    const mentions = await reader.countMentionsAfter(identity, sid, participant.lastReadMessageIndex ?? -1);
    return userConversationData(conversation, participant, unread, mentions);
  });
}

/** A conversation the caller takes part in, or a public one. */
export function peekConversation(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'peekConversation'>
): Promise<CommandResult<'peekConversation'>> {
  return read(ctx, async (reader) => conversationData((await loadVisible(reader, args.sid, identity)).conversation));
}

/** The caller's conversations, latest activity first, paged by an opaque cursor. */
export function listMyConversations(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'listMyConversations'>
): Promise<CommandResult<'listMyConversations'>> {
  const after = args.cursor ? decodeCursor(args.cursor) : null;
  const pageSize = args.pageSize ?? LIMITS.defaultConversationsPageSize;
  return read(ctx, async (reader) => {
    const rows = await reader.listUserConversations(identity, after, pageSize + 1);
    const page = rows.slice(0, pageSize);
    const last = page[page.length - 1];
    return {
      items: page.map((row) =>
        userConversationData(row.conversation, row.participant, row.unreadCount, row.mentionCount)
      ),
      nextCursor:
        rows.length > pageSize && last
          ? encodeCursor({ lastActivity: last.conversation.lastActivity, sid: last.conversation.sid })
          : null
    };
  });
}

/** A conversation by sid or unique name, for a backend. */
export function fetchConversation(ctx: DomainContext, sidOrUniqueName: string): Promise<ConversationRecord> {
  return read(ctx, async (reader) => {
    const found =
      (await reader.getConversation(sidOrUniqueName)) ?? (await reader.getConversationByUniqueName(sidOrUniqueName));
    if (!found) throw conversationNotFound();
    return found;
  });
}

/** A page of every conversation of the service, latest activity first, for a backend. */
export function listConversations(
  ctx: DomainContext,
  cursor: string | null,
  pageSize: number
): Promise<{ items: ConversationRecord[]; nextCursor: string | null }> {
  const after = cursor === null ? null : decodeCursor(cursor);
  return read(ctx, async (reader) => {
    const rows = await reader.listConversations(after, pageSize + 1);
    const page = rows.slice(0, pageSize);
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor:
        rows.length > pageSize && last ? encodeCursor({ lastActivity: last.lastActivity, sid: last.sid }) : null
    };
  });
}

/** Asks the pre-event webhook (`onConversationAdd`) about a conversation the creator may create. */
async function askBeforeCreate(
  ctx: DomainContext,
  actor: Actor,
  args: CommandArgs<'createConversation'>
): Promise<CommandArgs<'createConversation'>> {
  if (!asksBefore(ctx, 'onConversationAdd')) return args;
  if (actor.kind === 'user')
    await read(ctx, async (reader) =>
      ensurePermitted(await grantedTo(reader, actor.identity, null), 'createConversation')
    );
  const answer = await preEvent(ctx, {
    EventType: 'onConversationAdd',
    ClientIdentity: actor.identity,
    FriendlyName: args.friendlyName ?? null,
    UniqueName: args.uniqueName ?? null,
    Attributes: args.attributes ?? {}
  });
  return changedBy('createConversation', args, answer, {
    FriendlyName: 'friendlyName',
    UniqueName: 'uniqueName',
    Attributes: 'attributes'
  });
}

/** What a conversation's sid looks like: a path that does not is a unique name. */
const CONVERSATION_SID = /^CH[0-9a-f]{32}$/;

/**
 * The sid a REST path names: a sid as it is (the write that follows finds out whether it exists),
 * else the conversation with that unique name (`NotFound` when none).
 */
export async function resolveConversationSid(ctx: DomainContext, sidOrUniqueName: string): Promise<string> {
  if (CONVERSATION_SID.test(sidOrUniqueName)) return sidOrUniqueName;
  return (await fetchConversation(ctx, sidOrUniqueName)).sid;
}

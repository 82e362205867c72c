import { type CommandArgs, type CommandResult, ErrorCode, LIMITS } from '../../protocol';
import type { ConversationRecord } from '../storage/records';
import type { Tx } from '../storage/storage';
import { canChangeState, canDeleteConversation } from './access';
import { type DomainContext, type RequestHooks, read, write } from './context';
import { decodeCursor, encodeCursor } from './cursor';
import { DomainError, conversationNotFound, ensure } from './errors';
import { loadMembership, loadVisible } from './load';
import { discardMediaBytes } from './media';
import { announceJoin, newParticipant } from './membership';
import { SidPrefix, newSid } from './sids';
import { conversationData, userConversationData } from './views';

/** An empty unique name means none. */
function uniqueNameOf(value: string | null | undefined): string | null | undefined {
  return value === '' ? null : value;
}

async function ensureUniqueNameFree(tx: Tx, uniqueName: string | null | undefined, sid: string | null): Promise<void> {
  if (!uniqueName) return;
  const taken = await tx.getConversationByUniqueName(uniqueName);
  if (taken && taken.sid !== sid) throw new DomainError(ErrorCode.Conflict, 'That uniqueName is taken: unique names are unique per service', 'args.uniqueName');
}

/** Creates a conversation; the creator joins it as admin. Default: private. */
export function createConversation(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'createConversation'>,
  hooks: RequestHooks
): Promise<CommandResult<'createConversation'>> {
  return write(ctx, hooks, async (changes) => {
    const { tx, now } = changes;
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
      participantsCount: 1,
      nextMessageIndex: 0,
      lastActivity: now
    };
    const participant = newParticipant(conversation.sid, identity, 'admin', {}, now);
    await tx.insertConversation(conversation);
    await tx.insertParticipant(participant);
    await announceJoin(changes, conversation, participant);
    return userConversationData(conversation, participant, null);
  });
}

/** Changes a conversation's shared fields (any participant); `closed` is final. */
export function updateConversation(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'updateConversation'>,
  hooks: RequestHooks
): Promise<CommandResult<'updateConversation'>> {
  return write(ctx, hooks, async (changes) => {
    const { tx, now } = changes;
    const { conversation } = await loadMembership(tx, args.sid, identity);
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
    return conversationData(next);
  });
}

/** Deletes a conversation (admins only); every participant receives `conversationRemoved`. */
export async function deleteConversation(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'deleteConversation'>,
  hooks: RequestHooks
): Promise<CommandResult<'deleteConversation'>> {
  const removedMedia = await write(ctx, hooks, async (changes) => {
    const { tx } = changes;
    const { conversation, participant } = await loadMembership(tx, args.sid, identity);
    ensure(canDeleteConversation(participant), 'Only an admin may delete the conversation');
    const seq = await changes.emit('conversationRemoved', { conversationSid: conversation.sid }, { conversationSid: conversation.sid });
    await tx.closeMembership(conversation.sid, null, seq);
    await tx.deleteConversation(conversation.sid);
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
      if (args.uniqueName === undefined) throw new DomainError(ErrorCode.BadRequest, 'sid or uniqueName is required', 'args.sid');
      const found = await reader.getConversationByUniqueName(args.uniqueName);
      if (!found) throw conversationNotFound();
      sid = found.sid;
    }
    const conversation = await reader.getConversation(sid);
    const participant = conversation && (await reader.getParticipant(sid, identity));
    if (!conversation || !participant) throw conversationNotFound();
    const unread =
      participant.lastReadMessageIndex === null ? null : await reader.countMessagesAfter(sid, participant.lastReadMessageIndex);
    return userConversationData(conversation, participant, unread);
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
      items: page.map((row) => userConversationData(row.conversation, row.participant, row.unreadCount)),
      nextCursor:
        rows.length > pageSize && last
          ? encodeCursor({ lastActivity: last.conversation.lastActivity, sid: last.conversation.sid })
          : null
    };
  });
}

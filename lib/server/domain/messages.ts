import { type CommandArgs, type CommandResult, ErrorCode, LIMITS } from '../../protocol';
import type { ConversationRecord, MessageRecord } from '../storage/records';
import type { Reader } from '../storage/storage';
import { type Actor, ensurePermitted, isOpen, messageEditPermissions, messageRemovePermission } from './access';
import { type Changes, type DomainContext, type RequestHooks, read, write } from './context';
import { DomainError } from './errors';
import { loadAccess, loadMembership } from './load';
import { SidPrefix, newSid } from './sids';
import { attachMedia, discardMediaBytes } from './media';
import { conversationData, lastMessageData } from './views';
import { messagePayload } from './webhook-events';
import { asksBefore, changedBy, preEvent } from './pre-events';
import { withMyReactions } from './reactions';
import { followParent, mentionsIn, replyPreview, withMentions } from './replies';

async function findMessage(reader: Reader, conversationSid: string, messageSid: string): Promise<MessageRecord> {
  const message = await reader.getMessage(conversationSid, messageSid);
  if (!message) throw new DomainError(ErrorCode.NotFound, 'Message not found', 'args.messageSid');
  return message;
}

/** A message carries something: a non-empty body, media, or a content template. */
function ensureContent(body: string | null | undefined, mediaCount: number, contentSid: string | null): void {
  if (!body && mediaCount === 0 && contentSid === null) {
    throw new DomainError(ErrorCode.BadRequest, 'A message needs a body, media or a content template', 'args.body');
  }
}

async function conversationChanged(changes: Changes, conversation: ConversationRecord): Promise<void> {
  await changes.tx.updateConversation(conversation);
  await changes.emit(
    'conversationUpdated',
    { conversation: conversationData(conversation) },
    { conversationSid: conversation.sid }
  );
}

/**
 * Sends a message (`sendMessage`, and `sendMediaMessage` with media) as the actor's identity: the
 * next index of the conversation, gap-free at assignment. A retried send with the same key (same
 * author, same conversation) answers the first message, with no new event.
 */
export async function sendMessage(
  ctx: DomainContext,
  actor: Actor,
  given: CommandArgs<'sendMessage'>,
  hooks: RequestHooks
): Promise<CommandResult<'sendMessage'>> {
  const args = await askBeforeSend(ctx, actor, given);
  return write(
    ctx,
    hooks,
    async (changes) => {
      const { tx, now } = changes;
      const { identity } = actor;
      // the key is looked up under the conversation's lock, with the access check
      const { conversation, participant, granted, earlier } = await loadAccess(
        tx,
        args.conversationSid,
        actor,
        args.key
      );
      if (earlier) return earlier;
      ensurePermitted(granted, 'sendMessage', ...(args.mediaSids?.length ? (['sendMediaMessage'] as const) : []));
      if (!isOpen(conversation)) throw new DomainError(ErrorCode.Conflict, 'The conversation is closed');
      const content = await contentOf(tx, args);
      ensureContent(args.body, args.mediaSids?.length ?? 0, content.contentSid);
      const replyTo = await replyPreview(tx, conversation.sid, args.replyTo);
      const mentions = await mentionsIn(tx, conversation.sid, args.body ?? null, identity);
      const sid = newSid(SidPrefix.Message);
      const media = await attachMedia(tx, identity, args.mediaSids ?? [], conversation.sid, sid);
      const message: MessageRecord = {
        sid,
        conversationSid: conversation.sid,
        index: conversation.nextMessageIndex,
        author: identity,
        participantSid: participant?.sid ?? null,
        body: args.body ?? null,
        attributes: args.attributes ?? {},
        type: media.length > 0 ? 'media' : 'text',
        media,
        contentSid: content.contentSid,
        dateCreated: now,
        dateUpdated: now,
        lastUpdatedBy: null,
        key: args.key,
        ...(content.contentVariables ? { contentVariables: content.contentVariables } : {}),
        ...(replyTo ? { replyTo } : {}),
        ...(mentions.length > 0 ? { mentions } : {})
      };
      const next: ConversationRecord = {
        ...conversation,
        nextMessageIndex: message.index + 1,
        messagesCount: conversation.messagesCount + 1,
        lastMessage: lastMessageData(message),
        lastActivity: now
      };
      if (conversation.state.current === 'inactive') {
        next.state = { current: 'active', dateUpdated: now };
        await tx.insertMessage(message);
        await conversationChanged(changes, next);
        await changes.emit('messageAdded', { message }, { conversationSid: conversation.sid });
      } else {
        // the usual send's writes (one statement where the engine can) and its webhooks' lookup, sent together
        const writes = changes.emit('messageAdded', { message }, { conversationSid: conversation.sid }, (event, at) =>
          tx.appendMessage(message, next, event, at)
        );
        changes.webhook(conversation.sid, messagePayload('onMessageAdded', message));
        await writes;
        return message;
      }
      changes.webhook(conversation.sid, messagePayload('onMessageAdded', message));
      return message;
    },
    args.conversationSid
  );
}

/**
 * Changes a message's body (`editOwnMessage` / `editAnyMessage`) or attributes
 * (`editOwnMessageAttributes` / `editAnyMessageAttributes`).
 */
export async function updateMessage(
  ctx: DomainContext,
  actor: Actor,
  given: CommandArgs<'updateMessage'>,
  hooks: RequestHooks
): Promise<CommandResult<'updateMessage'>> {
  const args = await askBeforeUpdate(ctx, actor, given);
  return write(ctx, hooks, async (changes) => {
    const { tx, now } = changes;
    const { identity } = actor;
    const { conversation, granted } = await loadAccess(tx, args.conversationSid, actor);
    const message = await findMessage(tx, conversation.sid, args.messageSid);
    ensurePermitted(
      granted,
      ...messageEditPermissions(identity, message, {
        body: args.body !== undefined,
        attributes: args.attributes !== undefined
      })
    );
    let next: MessageRecord = {
      ...message,
      body: args.body === undefined ? message.body : args.body,
      attributes: args.attributes === undefined ? message.attributes : args.attributes
    };
    if (next.body === message.body && JSON.stringify(next.attributes) === JSON.stringify(message.attributes))
      return message;
    ensureContent(next.body, next.media.length, next.contentSid);
    if (next.body !== message.body)
      next = withMentions(next, await mentionsIn(tx, conversation.sid, next.body, message.author));
    next.dateUpdated = now;
    next.lastUpdatedBy = identity;
    await tx.updateMessage(next);
    if (next.body !== message.body) await followParent(tx, next, false);
    if (conversation.lastMessage?.sid === message.sid) {
      await conversationChanged(changes, { ...conversation, lastMessage: lastMessageData(next) });
    }
    await changes.emit('messageUpdated', { message: next }, { conversationSid: conversation.sid });
    changes.webhook(conversation.sid, messagePayload('onMessageUpdated', next));
    return next;
  });
}

/**
 * The template and variables of a send. Variables need a template, and every name must be one of
 * the template's variables.
 */
async function contentOf(
  tx: Reader,
  args: CommandArgs<'sendMessage'>
): Promise<{ contentSid: string | null; contentVariables?: Record<string, string> }> {
  if (!args.contentSid) {
    if (args.contentVariables)
      throw new DomainError(ErrorCode.BadRequest, 'contentVariables need a contentSid', 'args.contentVariables');
    return { contentSid: null };
  }
  const template = await tx.getTemplate(args.contentSid);
  if (!template) throw new DomainError(ErrorCode.NotFound, 'Content template not found', 'args.contentSid');
  const variables = args.contentVariables;
  if (!variables) return { contentSid: template.sid };
  for (const name of Object.keys(variables)) {
    if (!Object.prototype.hasOwnProperty.call(template.variables, name)) {
      throw new DomainError(
        ErrorCode.BadRequest,
        `The template has no variable '${name}'`,
        `args.contentVariables.${name}`
      );
    }
  }
  return { contentSid: template.sid, contentVariables: variables };
}

/**
 * Removes a message (`deleteOwnMessage` / `deleteAnyMessage`) and its media; the conversation's
 * count and preview follow.
 */
export async function removeMessage(
  ctx: DomainContext,
  actor: Actor,
  args: CommandArgs<'removeMessage'>,
  hooks: RequestHooks
): Promise<CommandResult<'removeMessage'>> {
  const removedMedia = await write(ctx, hooks, async (changes) => {
    const { tx } = changes;
    const { conversation, granted } = await loadAccess(tx, args.conversationSid, actor);
    const message = await findMessage(tx, conversation.sid, args.messageSid);
    ensurePermitted(granted, messageRemovePermission(actor.identity, message));
    await tx.deleteMessage(message.sid);
    await followParent(tx, message, true);
    changes.webhook(conversation.sid, messagePayload('onMessageRemoved', message));
    const media = await tx.deleteMedia({ messageSid: message.sid });
    await changes.emit(
      'messageRemoved',
      { conversationSid: conversation.sid, messageSid: message.sid, index: message.index },
      { conversationSid: conversation.sid }
    );
    const last = conversation.lastMessage?.sid === message.sid ? await tx.lastMessage(conversation.sid) : null;
    await conversationChanged(changes, {
      ...conversation,
      messagesCount: Math.max(0, conversation.messagesCount - 1),
      lastMessage:
        conversation.lastMessage?.sid === message.sid ? last && lastMessageData(last) : conversation.lastMessage
    });
    return media;
  });
  await discardMediaBytes(ctx, removedMedia);
  return {};
}

/**
 * A page of messages in ascending index order, `backwards` from an inclusive anchor (default
 * the newest) or `forward` from it (default the oldest). `hasPrevPage`: older messages exist;
 * `hasNextPage`: newer ones do.
 */
export function getMessages(
  ctx: DomainContext,
  actor: Actor,
  args: CommandArgs<'getMessages'>
): Promise<CommandResult<'getMessages'>> {
  const direction = args.direction ?? 'backwards';
  const pageSize = args.pageSize ?? LIMITS.defaultMessagesPageSize;
  const anchor = args.anchor ?? null;
  return read(ctx, async (reader) => {
    const { conversation } = await loadAccess(reader, args.conversationSid, actor);
    const sid = conversation.sid;
    const found =
      direction === 'backwards'
        ? (await reader.messagesDescending(sid, anchor, pageSize)).reverse()
        : await reader.messagesAscending(sid, anchor, pageSize);
    const items = actor.kind === 'user' ? await withMyReactions(reader, actor.identity, found) : found;
    const first = items[0];
    const last = items[items.length - 1];
    const hasPrevPage = first
      ? await reader.hasMessageBefore(sid, first.index)
      : direction === 'forward' && anchor !== null && (await reader.hasMessageBefore(sid, anchor));
    const hasNextPage = last
      ? await reader.hasMessageAfter(sid, last.index)
      : direction === 'backwards' && anchor !== null && (await reader.hasMessageAfter(sid, anchor));
    return { items, hasPrevPage, hasNextPage };
  });
}

/** The number of messages in a conversation. */
export function getMessagesCount(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'getMessagesCount'>
): Promise<CommandResult<'getMessagesCount'>> {
  return read(ctx, async (reader) => {
    const { conversation } = await loadMembership(reader, args.conversationSid, identity);
    return { count: conversation.messagesCount };
  });
}

/**
 * Receipts of one message, one per participant other than its author, from their horizons:
 * `read` once the read horizon reached it, else `delivered` once the delivery horizon did, else
 * `sent`. `dateUpdated` is when that horizon last moved (at or after it reached the message).
 */
export function getDeliveryReceipts(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'getDeliveryReceipts'>
): Promise<CommandResult<'getDeliveryReceipts'>> {
  return read(ctx, async (reader) => {
    const { conversation } = await loadMembership(reader, args.conversationSid, identity);
    const message = await findMessage(reader, conversation.sid, args.messageSid);
    const items: CommandResult<'getDeliveryReceipts'>['items'] = [];
    for (const p of await reader.listParticipants(conversation.sid)) {
      if (p.sid === message.participantSid || (message.participantSid === null && p.identity === message.author))
        continue;
      const read = p.lastReadMessageIndex !== null && p.lastReadMessageIndex >= message.index;
      const delivered = read || (p.lastDeliveredMessageIndex !== null && p.lastDeliveredMessageIndex >= message.index);
      items.push({
        participantSid: p.sid,
        identity: p.identity,
        messageSid: message.sid,
        conversationSid: conversation.sid,
        status: read ? 'read' : delivered ? 'delivered' : 'sent',
        dateUpdated: read ? p.lastReadTimestamp : delivered ? p.lastDeliveredTimestamp : null
      });
    }
    return { items };
  });
}

/** One message, by sid. */
export function getMessage(
  ctx: DomainContext,
  actor: Actor,
  conversationSid: string,
  messageSid: string
): Promise<MessageRecord> {
  return read(ctx, async (reader) => {
    const { conversation } = await loadAccess(reader, conversationSid, actor);
    return findMessage(reader, conversation.sid, messageSid);
  });
}

/**
 * Asks the pre-event webhook (`onMessageAdd`) about a send the sender may make, unless it is the
 * retry of one already made; answers the arguments as the webhook changed them.
 */
async function askBeforeSend(
  ctx: DomainContext,
  actor: Actor,
  args: CommandArgs<'sendMessage'>
): Promise<CommandArgs<'sendMessage'>> {
  if (!asksBefore(ctx, 'onMessageAdd')) return args;
  const { participant, earlier } = await read(ctx, async (reader) => {
    const { conversation, participant, granted } = await loadAccess(reader, args.conversationSid, actor);
    ensurePermitted(granted, 'sendMessage');
    return { participant, earlier: await reader.getMessageByKey(conversation.sid, actor.identity, args.key) };
  });
  if (earlier) return args;
  const answer = await preEvent(ctx, {
    EventType: 'onMessageAdd',
    ConversationSid: args.conversationSid,
    Author: actor.identity,
    ParticipantSid: participant?.sid ?? null,
    Body: args.body ?? null,
    Attributes: args.attributes ?? {},
    MediaSids: args.mediaSids ?? []
  });
  return changedBy('sendMessage', args, answer, { Body: 'body', Attributes: 'attributes' });
}

/** Asks the pre-event webhook (`onMessageUpdate`) about an edit the editor may make. */
async function askBeforeUpdate(
  ctx: DomainContext,
  actor: Actor,
  args: CommandArgs<'updateMessage'>
): Promise<CommandArgs<'updateMessage'>> {
  if (!asksBefore(ctx, 'onMessageUpdate')) return args;
  const message = await read(ctx, async (reader) => {
    const { conversation, granted } = await loadAccess(reader, args.conversationSid, actor);
    const found = await findMessage(reader, conversation.sid, args.messageSid);
    ensurePermitted(
      granted,
      ...messageEditPermissions(actor.identity, found, {
        body: args.body !== undefined,
        attributes: args.attributes !== undefined
      })
    );
    return found;
  });
  const answer = await preEvent(ctx, {
    EventType: 'onMessageUpdate',
    ConversationSid: message.conversationSid,
    MessageSid: message.sid,
    Index: message.index,
    Author: message.author,
    ClientIdentity: actor.identity,
    Body: args.body === undefined ? message.body : args.body,
    Attributes: args.attributes === undefined ? message.attributes : args.attributes
  });
  return changedBy('updateMessage', args, answer, { Body: 'body', Attributes: 'attributes' });
}

import { type CommandArgs, type CommandResult, ErrorCode, LIMITS, type ReactionData } from '../../protocol';
import type { MessageRecord, ReactionRecord } from '../storage/records';
import type { Reader } from '../storage/storage';
import { type Actor, isOpen } from './access';
import { type Changes, type DomainContext, type RequestHooks, write } from './context';
import { DomainError } from './errors';
import { loadAccess } from './load';
import { reactionPayload } from './webhook-events';

/**
 * A message's reaction summary from its reactions (oldest first): one entry per key in the order
 * keys were first used, with its count and its first `LIMITS.reactionIdentitiesShown` identities.
 */
export function summarize(reactions: readonly Pick<ReactionRecord, 'identity' | 'key'>[]): ReactionData[] {
  const byKey = new Map<string, ReactionData>();
  for (const { identity, key } of reactions) {
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { key, count: 0, identities: [] }));
    entry.count++;
    if (entry.identities.length < LIMITS.reactionIdentitiesShown) entry.identities.push(identity);
  }
  return [...byKey.values()];
}

async function findMessage(reader: Reader, conversationSid: string, messageSid: string): Promise<MessageRecord> {
  const message = await reader.getMessage(conversationSid, messageSid);
  if (!message) throw new DomainError(ErrorCode.NotFound, 'Message not found', 'args.messageSid');
  return message;
}

type ReactionArgs = CommandArgs<'addReaction'>;

/**
 * Adds or removes the actor's reaction: anyone who may read the conversation (a participant, or a
 * backend acting as an identity), with no permission to edit the message. A change that changes
 * nothing (a reaction already there, or not there) emits nothing and answers the summary as it is.
 */
async function react(
  ctx: DomainContext,
  actor: Actor,
  args: ReactionArgs,
  hooks: RequestHooks,
  added: boolean
): Promise<CommandResult<'addReaction'>> {
  return write(ctx, hooks, async (changes: Changes) => {
    const { tx, now } = changes;
    const { conversation } = await loadAccess(tx, args.conversationSid, actor);
    if (!isOpen(conversation)) throw new DomainError(ErrorCode.Conflict, 'The conversation is closed');
    const message = await findMessage(tx, conversation.sid, args.messageSid);
    const identity = actor.identity;
    const changed = added
      ? await tx.addReaction({
          messageSid: message.sid,
          conversationSid: conversation.sid,
          identity,
          key: args.key,
          dateCreated: now
        })
      : await tx.removeReaction(message.sid, identity, args.key);
    if (!changed) return { reactions: message.reactions ?? [] };
    if (added && (await tx.countReactionsBy(message.sid, identity)) > LIMITS.maxReactionsPerUserPerMessage) {
      throw new DomainError(
        ErrorCode.LimitExceeded,
        `At most ${LIMITS.maxReactionsPerUserPerMessage} reactions per user on one message`,
        'args.key'
      );
    }
    const reactions = summarize(await tx.reactionsOf(message.sid));
    await tx.setMessageReactions(message.sid, reactions);
    await changes.emit(
      'messageReactionsUpdated',
      {
        conversationSid: conversation.sid,
        messageSid: message.sid,
        index: message.index,
        identity,
        key: args.key,
        added,
        reactions
      },
      { conversationSid: conversation.sid }
    );
    changes.webhook(
      conversation.sid,
      reactionPayload(added ? 'onReactionAdded' : 'onReactionRemoved', message, identity, args.key, reactions)
    );
    return { reactions };
  });
}

/** Adds the actor's reaction `key` to a message (see {@link react}); past the per-user limit, `LimitExceeded`. */
export function addReaction(
  ctx: DomainContext,
  actor: Actor,
  args: CommandArgs<'addReaction'>,
  hooks: RequestHooks
): Promise<CommandResult<'addReaction'>> {
  return react(ctx, actor, args, hooks, true);
}

/** Removes the actor's reaction `key` from a message (see {@link react}). */
export function removeReaction(
  ctx: DomainContext,
  actor: Actor,
  args: CommandArgs<'removeReaction'>,
  hooks: RequestHooks
): Promise<CommandResult<'removeReaction'>> {
  return react(ctx, actor, args, hooks, false);
}

/** The messages with the keys `identity` reacted with on each (`myReactions`), for one user's answer. */
export async function withMyReactions(
  reader: Reader,
  identity: string,
  messages: readonly MessageRecord[]
): Promise<MessageRecord[]> {
  const reacted = messages.filter((m) => m.reactions !== undefined).map((m) => m.sid);
  const mine = await reader.myReactions(identity, reacted);
  return messages.map((m) => {
    const keys = mine.get(m.sid);
    return keys ? { ...m, myReactions: keys } : m;
  });
}

import { type CommandArgs, type CommandResult, type DeliveryHorizonData, ErrorCode } from '../../protocol';
import { type ConversationRecord, HORIZON_BEFORE_FIRST, type ParticipantRecord } from '../storage/records';
import { type Changes, type DomainContext, type RequestHooks, write } from './context';
import { DomainError } from './errors';
import { loadMemberAccess, loadMembership } from './load';
import { ensurePermitted } from './access';
import { participantData, wireHorizon } from './views';

type Mode = CommandArgs<'updateReadHorizon'>['mode'];

/**
 * Where the horizon goes for `mode`; undefined when `index` is needed and missing. `all` in a
 * conversation that never had a message sets it before the first one.
 */
export function nextHorizon(
  mode: Mode,
  current: number | null,
  index: number | null | undefined,
  newest: number | null
): number | null | undefined {
  switch (mode) {
    case 'set':
      return index;
    case 'advance':
      if (index === undefined || index === null) return undefined;
      return current === null ? index : Math.max(current, index);
    case 'all':
      return newest ?? HORIZON_BEFORE_FIRST;
    case 'none':
      return null;
  }
}

async function unreadOf(changes: Changes, participant: ParticipantRecord): Promise<number | null> {
  const horizon = participant.lastReadMessageIndex;
  return horizon === null ? null : changes.tx.countMessagesAfter(participant.conversationSid, horizon);
}

async function announceOwnView(
  changes: Changes,
  conversation: ConversationRecord,
  participant: ParticipantRecord,
  unread: number | null
) {
  const mentionCount = await changes.tx.countMentionsAfter(
    participant.identity,
    conversation.sid,
    participant.lastReadMessageIndex ?? -1
  );
  await changes.emit(
    'userConversationUpdated',
    {
      conversationSid: conversation.sid,
      lastReadMessageIndex: wireHorizon(participant.lastReadMessageIndex),
      unreadCount: unread,
      notificationLevel: participant.notificationLevel,
      ...(mentionCount > 0 ? { mentionCount } : {})
    },
    { conversationSid: conversation.sid, targetIdentity: participant.identity }
  );
}

/**
 * Moves the caller's read horizon (`set`, `advance`, `all`, `none`); the others see it as
 * `participantUpdated` (read receipts), the caller's sessions as `userConversationUpdated`
 * with the exact unread count.
 */
export function updateReadHorizon(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'updateReadHorizon'>,
  hooks: RequestHooks
): Promise<CommandResult<'updateReadHorizon'>> {
  return write(ctx, hooks, async (changes) => {
    const { tx, now } = changes;
    const { conversation, participant } = await loadMembership(tx, args.conversationSid, identity);
    const newest = conversation.nextMessageIndex > 0 ? conversation.nextMessageIndex - 1 : null;
    const horizon = nextHorizon(args.mode, participant.lastReadMessageIndex, args.index, newest);
    if (horizon === undefined)
      throw new DomainError(ErrorCode.BadRequest, `mode '${args.mode}' needs an index`, 'args.index');
    if (horizon === participant.lastReadMessageIndex) {
      return { lastReadMessageIndex: wireHorizon(horizon), unreadCount: await unreadOf(changes, participant) };
    }
    const next: ParticipantRecord = {
      ...participant,
      lastReadMessageIndex: horizon,
      lastReadTimestamp: now,
      dateUpdated: now
    };
    await tx.updateParticipant(next);
    const unread = await unreadOf(changes, next);
    await changes.emit(
      'participantUpdated',
      { participant: participantData(next) },
      { conversationSid: conversation.sid }
    );
    await announceOwnView(changes, conversation, next, unread);
    return { lastReadMessageIndex: wireHorizon(horizon), unreadCount: unread };
  });
}

/**
 * Moves the caller's delivery horizon forward (never past the newest message). The others learn
 * it from the coalesced `participantsDelivered` (see {@link DeliveryBatcher}), not from an event
 * per acknowledgement.
 */
export async function ackDelivery(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'ackDelivery'>,
  hooks: RequestHooks
): Promise<CommandResult<'ackDelivery'>> {
  const moved = await write(ctx, hooks, async (changes) => {
    const { tx, now } = changes;
    // writes only the caller's own participant row: no need to hold the conversation's other writers
    const { conversation, participant } = await loadMembership(tx.unlocked(), args.conversationSid, identity);
    const index = Math.min(args.index, conversation.nextMessageIndex - 1);
    const current = participant.lastDeliveredMessageIndex;
    if (index < 0 || (current !== null && index <= current)) return null;
    await tx.updateParticipant({ ...participant, lastDeliveredMessageIndex: index, lastDeliveredTimestamp: now });
    return participant.sid;
  });
  if (moved !== null) ctx.deliveries.moved(args.conversationSid, moved);
  return {};
}

/** Emits one `participantsDelivered` with the current horizons of the participants that moved. */
export function flushDeliveries(
  ctx: DomainContext,
  conversationSid: string,
  participantSids: readonly string[]
): Promise<void> {
  return write(ctx, {}, async (changes) => {
    const horizons: DeliveryHorizonData[] = [];
    for (const participantSid of participantSids) {
      const participant = await changes.tx.getParticipantBySid(conversationSid, participantSid);
      if (participant?.lastDeliveredMessageIndex != null)
        horizons.push({ participantSid, index: participant.lastDeliveredMessageIndex });
    }
    if (horizons.length === 0) return;
    await changes.emit('participantsDelivered', { conversationSid, horizons }, { conversationSid });
  });
}

/** Mutes or unmutes push notifications of a conversation for the caller. */
export function setNotificationLevel(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'setNotificationLevel'>,
  hooks: RequestHooks
): Promise<CommandResult<'setNotificationLevel'>> {
  return write(ctx, hooks, async (changes) => {
    const { tx } = changes;
    const { conversation, participant, granted } = await loadMemberAccess(tx, args.conversationSid, identity);
    ensurePermitted(granted, 'editNotificationLevel');
    if (participant.notificationLevel === args.level) return {};
    const next: ParticipantRecord = { ...participant, notificationLevel: args.level };
    await tx.updateParticipant(next);
    await announceOwnView(changes, conversation, next, await unreadOf(changes, next));
    return {};
  });
}

import { ErrorCode, type CommandArgs, type JSONValue } from '../../protocol';
import { ConversationsError, badArgument, checkJson } from '../errors';
import { rosterList } from '../store/select/participants';
import { selectConversation, selectPendingMessages, selectRoster } from '../store/selectors';
import type { PendingMessage, RosterEntry } from '../store/state';
import type { ModelContext } from './context';
import type { Models } from './models';
import type { Conversation } from './conversation';
import type { Participant } from './participant';
import { participantResponse } from './participant-response';
import { conversationLimits } from './conversation-views';
import { part } from './parts';
import { replyTarget } from './reply-target';
import type { ParticipantResponse, SendMediaOptions, SendMessageOptions } from '../types';

interface Outgoing {
  body: string | null;
  attributes: JSONValue;
  mediaSids?: string[];
  contentSid?: string | null;
  contentVariables?: Record<string, string>;
  /** Beyond the reference: the message answered, by index or sid. */
  replyTo?: number | string;
}

async function sendPending(
  ctx: ModelContext,
  conversationSid: string,
  key: string,
  outgoing: Outgoing
): Promise<number> {
  const args: CommandArgs<'sendMessage'> = {
    conversationSid,
    key,
    body: outgoing.body,
    attributes: outgoing.attributes
  };
  if (outgoing.mediaSids && outgoing.mediaSids.length > 0) args.mediaSids = outgoing.mediaSids;
  if (outgoing.contentSid) args.contentSid = outgoing.contentSid;
  if (outgoing.contentVariables) args.contentVariables = outgoing.contentVariables;
  if (outgoing.replyTo !== undefined) args.replyTo = outgoing.replyTo;
  try {
    const message = await ctx.command('sendMessage', args, (result, position) => {
      // a retried send the server already had causes no new event: reconcile from the reply
      if (position === undefined) {
        ctx.dispatch(
          { type: 'messagesLoaded', conversationSid, items: [result] },
          { type: 'pendingRemoved', conversationSid, key }
        );
      }
    });
    return message.index;
  } catch (error) {
    const failure = ConversationsError.from(error);
    ctx.dispatch({
      type: 'pendingFailed',
      conversationSid,
      key,
      error: { code: failure.code, message: failure.message, status: failure.status }
    });
    throw failure;
  }
}

/** The commands behind Conversation's methods that need more than one step, their arguments checked. */
export const conversationActions = {
  /** Adds a user by identity; answers the reference's REST participant shape. */
  async add(
    ctx: ModelContext,
    conversationSid: string,
    identity: unknown,
    attributes: JSONValue | undefined
  ): Promise<ParticipantResponse> {
    if (typeof identity !== 'string' || identity.length === 0)
      throw badArgument('add', 'identity', 'a non-empty string', identity);
    if (attributes !== undefined) checkJson('add', 'attributes', attributes);
    const args = attributes === undefined ? { conversationSid, identity } : { conversationSid, identity, attributes };
    return participantResponse(await ctx.command('addParticipant', args));
  },

  /** Removes a participant, given as a Participant, a participant sid or an identity. */
  async removeParticipant(ctx: ModelContext, conversationSid: string, participant: unknown): Promise<void> {
    const key = typeof participant === 'string' ? participant : (participant as Participant | null)?.sid;
    if (typeof key !== 'string' || key.length === 0) {
      throw badArgument('removeParticipant', 'participant', 'a Participant, a sid or an identity', participant);
    }
    await ctx.ready();
    const bySid = selectRoster(conversationSid)(ctx.getState())?.bySid[key] !== undefined;
    await ctx.command(
      'removeParticipant',
      bySid || typeof participant !== 'string'
        ? { conversationSid, participantSid: key }
        : { conversationSid, identity: key }
    );
  },

  /** Sends a text message, or one media through the media part; resolves with its index. */
  async sendMessage(
    ctx: ModelContext,
    conversationSid: string,
    message: null | string | FormData | SendMediaOptions,
    attributes: JSONValue | undefined,
    options: SendMessageOptions | undefined
  ): Promise<number> {
    if (attributes !== undefined) checkJson('sendMessage', 'messageAttributes', attributes);
    const replyTo = options?.replyTo === undefined ? undefined : replyTarget('sendMessage', options.replyTo);
    if (message !== null && typeof message !== 'string') {
      const media = part('media', 'sendMessage (with media)');
      const builder = media.createMessageBuilder(ctx, conversationSid, conversationLimits(ctx)).addMedia(message);
      if (attributes !== undefined) builder.setAttributes(attributes);
      if (replyTo !== undefined) builder.setReplyTo(replyTo);
      return (await builder.build().send()) as number;
    }
    return conversationActions.send(ctx, conversationSid, {
      body: message,
      attributes: attributes ?? {},
      ...(replyTo === undefined ? {} : { replyTo })
    });
  },

  /** Sends a message with an optimistic pending copy; resolves with its index. */
  async send(ctx: ModelContext, conversationSid: string, outgoing: Outgoing): Promise<number> {
    await ctx.ready();
    const key = ctx.newKey();
    ctx.dispatch({
      type: 'pendingAdded',
      message: {
        key,
        conversationSid,
        author: ctx.identity(),
        body: outgoing.body,
        attributes: outgoing.attributes,
        mediaSids: outgoing.mediaSids ?? [],
        contentSid: outgoing.contentSid ?? null,
        dateCreated: ctx.scheduler.now(),
        status: 'pending',
        error: null,
        ...(outgoing.replyTo === undefined ? {} : { replyTo: outgoing.replyTo })
      }
    });
    return sendPending(ctx, conversationSid, key, outgoing);
  },

  /** Sends a failed message again with the same key. */
  async retry(ctx: ModelContext, conversationSid: string, key: string): Promise<number> {
    await ctx.ready();
    const pending = selectPendingMessages(conversationSid)(ctx.getState()).find((item) => item.key === key);
    if (!pending) throw new ConversationsError(ErrorCode.NotFound, `No failed message with key ${key}`);
    if (pending.status !== 'failed')
      throw new ConversationsError(ErrorCode.Conflict, `The message with key ${key} is still being sent`);
    ctx.dispatch({ type: 'pendingRetried', conversationSid, key });
    return conversationActions.resend(ctx, pending);
  },

  /** Sends a pending message (again) with its key: a retry, or a send a cache kept across a reload. */
  resend(ctx: ModelContext, pending: PendingMessage): Promise<number> {
    return sendPending(ctx, pending.conversationSid, pending.key, {
      body: pending.body,
      attributes: pending.attributes,
      mediaSids: [...pending.mediaSids],
      contentSid: pending.contentSid,
      ...(pending.replyTo === undefined ? {} : { replyTo: pending.replyTo })
    });
  },

  /**
   * The roster: the one held when it is whole, or the one held when the user left (`held`);
   * otherwise fetched once, then kept live by events.
   */
  async participants(
    ctx: ModelContext,
    models: Models,
    conversationSid: string,
    held: () => RosterEntry | undefined
  ): Promise<Participant[]> {
    await ctx.ready();
    const before = held();
    const left = before !== undefined && selectConversation(conversationSid)(ctx.getState()) === undefined;
    if (!before?.loaded && !left) {
      await ctx.command('listParticipants', { conversationSid }, (result) =>
        ctx.dispatch({ type: 'participantsLoaded', conversationSid, items: result.items })
      );
    }
    const roster = held();
    return roster === undefined
      ? []
      : rosterList(roster.bySid).map((participant) => models.participant(conversationSid, participant.sid));
  },

  /** The participant whose `key` (sid or identity) is `value`; rejects with NotFound if there is none. */
  async participantBy(
    ctx: ModelContext,
    models: Models,
    conversationSid: string,
    held: () => RosterEntry | undefined,
    key: 'sid' | 'identity',
    value: unknown
  ): Promise<Participant> {
    const method = key === 'sid' ? 'getParticipantBySid' : 'getParticipantByIdentity';
    if (typeof value !== 'string' || !value)
      throw badArgument(method, key === 'sid' ? 'participantSid' : 'identity', 'a non-empty string', value);
    const found = (await conversationActions.participants(ctx, models, conversationSid, held)).find(
      (p) => p[key] === value
    );
    if (!found)
      throw new ConversationsError(
        ErrorCode.NotFound,
        `Participant with ${key === 'sid' ? 'SID' : 'identity'} ${value} was not found`
      );
    return found;
  },

  /** Moves the read horizon; answers the unread count. */
  async horizon(
    ctx: ModelContext,
    conversationSid: string,
    mode: 'set' | 'advance' | 'all' | 'none',
    index: number | null
  ): Promise<number> {
    const args: CommandArgs<'updateReadHorizon'> =
      index === null ? { conversationSid, mode } : { conversationSid, mode, index };
    const result = await ctx.command('updateReadHorizon', args);
    return result.unreadCount ?? 0;
  },

  /** Changes shared fields; resolves once the store holds the change. */
  async update(
    ctx: ModelContext,
    conversation: Conversation,
    args: CommandArgs<'updateConversation'>
  ): Promise<Conversation> {
    await ctx.command('updateConversation', args);
    return conversation;
  }
};

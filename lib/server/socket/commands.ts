import type { CommandArgs, CommandName, CommandResult } from '../../protocol';
import { type Actor, userActor } from '../domain/access';
import type { DomainContext, RequestHooks } from '../domain/context';
import * as conversations from '../domain/conversations';
import * as messages from '../domain/messages';
import * as participants from '../domain/participants';
import * as reactions from '../domain/reactions';
import { searchMessages } from '../domain/search';
import { getMediaUrls } from '../domain/media';
import * as horizon from '../domain/read-horizon';
import { listTemplates } from '../domain/templates';
import { typing } from '../domain/typing';
import * as users from '../domain/users';
import { userConversationData } from '../domain/views';

/** What a command may do to the session that sent it. */
export interface SessionControl {
  readonly identity: string;
  subscribeUsers(identities: readonly string[]): void;
  unsubscribeUsers(identities: readonly string[]): void;
  updateToken(token: string): Promise<{ expiresAt: number }>;
}

type Handler<K extends CommandName> = (
  ctx: DomainContext,
  session: SessionControl,
  args: CommandArgs<K>,
  hooks: RequestHooks
) => Promise<CommandResult<K>>;

/** Adapts a domain function `(ctx, identity, args, hooks)` (a read takes no hooks) to a handler. */
const as =
  <K extends CommandName>(
    fn: (ctx: DomainContext, identity: string, args: CommandArgs<K>, hooks: RequestHooks) => Promise<CommandResult<K>>
  ): Handler<K> =>
  (ctx, session, args, hooks) =>
    fn(ctx, session.identity, args, hooks);

/**
 * Adapts a domain function `(ctx, actor, args, hooks)` (a read takes no hooks) to a handler: the session's user acts.
 */
const asUser =
  <K extends CommandName>(
    fn: (ctx: DomainContext, actor: Actor, args: CommandArgs<K>, hooks: RequestHooks) => Promise<CommandResult<K>>
  ): Handler<K> =>
  (ctx, session, args, hooks) =>
    fn(ctx, userActor(session.identity), args, hooks);

/** Every command, by name: what it does for the calling session. */
export const handlers: { [K in CommandName]: Handler<K> } = {
  listMyConversations: as(conversations.listMyConversations),
  getConversation: as(conversations.getConversation),
  peekConversation: as(conversations.peekConversation),
  async createConversation(ctx, session, args, hooks) {
    const { conversation, participant } = await conversations.createConversation(
      ctx,
      userActor(session.identity),
      args,
      hooks
    );
    if (!participant) throw new Error('a user’s conversation has its creator as participant');
    return userConversationData(conversation, participant, null);
  },
  updateConversation: asUser(conversations.updateConversation),
  deleteConversation: asUser(conversations.deleteConversation),
  listParticipants: asUser(participants.listParticipants),
  listRosters: as(participants.listRosters),
  addParticipant: asUser(participants.addParticipant),
  joinConversation: as(participants.joinConversation),
  leaveConversation: as(participants.leaveConversation),
  removeParticipant: asUser(participants.removeParticipant),
  updateParticipant: asUser(participants.updateParticipant),
  updateReadHorizon: as(horizon.updateReadHorizon),
  setNotificationLevel: as(horizon.setNotificationLevel),
  ackDelivery: as(horizon.ackDelivery),
  typing: as(typing),
  sendMessage: asUser(messages.sendMessage),
  updateMessage: asUser(messages.updateMessage),
  removeMessage: asUser(messages.removeMessage),
  getMessages: asUser(messages.getMessages),
  getMessagesCount: as(messages.getMessagesCount),
  getDeliveryReceipts: as(messages.getDeliveryReceipts),
  addReaction: asUser(reactions.addReaction),
  removeReaction: asUser(reactions.removeReaction),
  searchMessages: as(searchMessages),
  async subscribeUsers(ctx, session, args) {
    session.subscribeUsers(args.identities);
    return { items: await users.getUsers(ctx, args.identities) };
  },
  async unsubscribeUsers(_ctx, session, args) {
    session.unsubscribeUsers(args.identities);
    return {};
  },
  updateUser: (ctx, session, args) => users.updateUser(ctx, userActor(session.identity), session.identity, args),
  updateToken: (_ctx, session, args) => session.updateToken(args.token),
  setPushRegistration: as(users.setPushRegistration),
  removePushRegistration: as(users.removePushRegistration),
  getMediaUrls: as(getMediaUrls),
  getContentTemplates: (ctx) => listTemplates(ctx)
};

/** Runs a command whose arguments were decoded with its own codec, telling `hooks` of its writes. */
export function runCommand(
  name: CommandName,
  ctx: DomainContext,
  session: SessionControl,
  args: unknown,
  hooks: RequestHooks
): Promise<unknown> {
  // The mapped type cannot be indexed by a union name; `args` was decoded with this command's codec.
  const handler = handlers[name] as (
    ctx: DomainContext,
    session: SessionControl,
    args: unknown,
    hooks: RequestHooks
  ) => Promise<unknown>;
  return handler(ctx, session, args, hooks);
}

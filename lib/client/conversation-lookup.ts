import { ErrorCode } from '../protocol';
import type { ClientCore } from './core';
import { ConversationsError, badArgument } from './errors';
import type { Conversation } from './model/conversation';
import { selectConversation, selectConversations } from './store/selectors';

/** `client.getConversationBySid`: a conversation the user takes part in (or can peek). */
export async function conversationBySid(core: ClientCore, conversationSid: string): Promise<Conversation> {
  if (typeof conversationSid !== 'string' || !conversationSid) {
    throw badArgument('getConversationBySid', 'conversationSid', 'a non-empty string', conversationSid);
  }
  await core.session.ready();
  if (selectConversation(conversationSid)(core.store.getState())) return core.models.conversation(conversationSid);
  try {
    return await peekConversation(core, 'peekConversationBySid', conversationSid);
  } catch (error) {
    if (error instanceof ConversationsError && error.code === ErrorCode.NotFound) {
      throw new ConversationsError(ErrorCode.NotFound, `Conversation with SID ${conversationSid} was not found.`);
    }
    throw error;
  }
}

/** `client.peekConversationBySid`: a conversation the user can see without joining it. */
export async function peekConversation(
  core: ClientCore,
  method: string,
  conversationSid: string
): Promise<Conversation> {
  if (typeof conversationSid !== 'string' || !conversationSid) {
    throw badArgument(method, 'conversationSid', 'a non-empty string', conversationSid);
  }
  await core.session.command('peekConversation', { sid: conversationSid }, (conversation) =>
    core.session.dispatch({ type: 'conversationPeeked', conversation })
  );
  return core.models.conversation(conversationSid);
}

/** `client.getConversationByUniqueName`: a conversation the user takes part in, by unique name. */
export async function conversationByUniqueName(core: ClientCore, uniqueName: string): Promise<Conversation> {
  if (typeof uniqueName !== 'string' || !uniqueName) {
    throw badArgument('getConversationByUniqueName', 'uniqueName', 'a non-empty string', uniqueName);
  }
  await core.session.ready();
  const known = selectConversations(core.store.getState()).find((entry) => entry.data.uniqueName === uniqueName);
  if (known) return core.models.conversation(known.data.sid);
  try {
    const item = await core.session.command('getConversation', { uniqueName }, (result) =>
      core.session.dispatch({ type: 'conversationsLoaded', items: [result] })
    );
    return core.models.conversation(item.conversation.sid);
  } catch (error) {
    if (error instanceof ConversationsError && error.code === ErrorCode.NotFound) {
      throw new ConversationsError(ErrorCode.NotFound, `Conversation with unique name ${uniqueName} was not found.`);
    }
    throw error;
  }
}

import { ErrorCode, LIMITS } from '../../protocol';
import { ConversationsError, badArgument } from '../errors';
import { isPendingMessage, selectConversation, selectMessage, selectMessages } from '../store/selectors';
import type { Paginator } from '../types';
import type { ModelContext } from './context';
import type { Message } from './message';
import type { Models } from './models';

/** `value` as a page size, or a `BadRequest` naming `method`'s `field`. */
function pageSizeOf(method: string, field: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= LIMITS.maxMessagesPageSize)
    return value;
  throw badArgument(method, field, `a whole number from 1 to ${LIMITS.maxMessagesPageSize}`, value);
}

/** `Conversation.getMessages`: its arguments checked, then the page fetched (see `fetchMessages`). */
export async function getMessages(
  ctx: ModelContext,
  models: Models,
  conversationSid: string,
  pageSize: unknown,
  anchor: unknown,
  direction: unknown
): Promise<Paginator<Message>> {
  const size = pageSizeOf('getMessages', 'pageSize', pageSize);
  if (anchor !== undefined && anchor !== null && (!Number.isInteger(anchor) || (anchor as number) < 0))
    throw badArgument('getMessages', 'anchor', 'a message index', anchor);
  if (direction !== 'backwards' && direction !== 'forward')
    throw badArgument('getMessages', 'direction', "'backwards' or 'forward'", direction);
  return fetchMessages(ctx, models, conversationSid, size, (anchor as number | null | undefined) ?? null, direction);
}

/** `Conversation.getMessage`: the held message of `index`, else the one fetched; `NotFound` if there is none. */
export async function messageByIndex(
  ctx: ModelContext,
  models: Models,
  conversationSid: string,
  index: unknown
): Promise<Message> {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0)
    throw badArgument('getMessage', 'index', 'a message index', index);
  await ctx.ready();
  const held = selectMessage(conversationSid, index)(ctx.getState());
  if (held !== undefined) return models.message(conversationSid, index, held);
  const page = await fetchMessages(ctx, models, conversationSid, 1, index, 'forward');
  const message = page.items[0];
  if (message?.index !== index)
    throw new ConversationsError(ErrorCode.NotFound, `Conversation ${conversationSid} has no message ${index}`);
  return message;
}

/**
 * Fetches a page of messages (ascending index order) into the store and wraps it in a
 * Paginator: `prevPage` reaches older messages, `nextPage` newer ones.
 */
export async function fetchMessages(
  ctx: ModelContext,
  models: Models,
  conversationSid: string,
  pageSize: number,
  anchor: number | null,
  direction: 'backwards' | 'forward'
): Promise<Paginator<Message>> {
  const page = await ctx.command('getMessages', { conversationSid, anchor, direction, pageSize }, (result) =>
    ctx.dispatch({ type: 'messagesLoaded', conversationSid, items: result.items })
  );
  const items = page.items.map((data) => models.message(conversationSid, data.index, data));
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  return {
    items,
    hasPrevPage: page.hasPrevPage && first !== undefined,
    hasNextPage: page.hasNextPage && last !== undefined,
    prevPage() {
      if (!page.hasPrevPage || !first)
        return Promise.reject(new ConversationsError(ErrorCode.NotFound, 'No previous page'));
      return fetchMessages(ctx, models, conversationSid, pageSize, Math.max(0, first.index - 1), 'backwards');
    },
    nextPage() {
      if (!page.hasNextPage || !last) return Promise.reject(new ConversationsError(ErrorCode.NotFound, 'No next page'));
      return fetchMessages(ctx, models, conversationSid, pageSize, last.index + 1, 'forward');
    }
  };
}

/**
 * Loads the page before the oldest message held (the newest page when none is held) into the
 * store, saying so in its history state (loading, then loaded or failed); resolves with how many
 * messages came.
 */
export async function loadOlder(ctx: ModelContext, conversationSid: string, count: unknown): Promise<number> {
  const size = pageSizeOf('loadOlder', 'count', count);
  await ctx.ready();
  if (selectConversation(conversationSid)(ctx.getState()) === undefined) {
    throw new ConversationsError(
      ErrorCode.NotFound,
      `Conversation ${conversationSid} is not held: join or peek it first`
    );
  }
  const held = selectMessages(conversationSid)(ctx.getState());
  const oldest = held.find((item) => !isPendingMessage(item));
  const anchor = oldest === undefined || isPendingMessage(oldest) ? null : oldest.index - 1;
  if (anchor !== null && anchor < 0) return 0;
  ctx.dispatch({ type: 'historyRequested', conversationSid });
  try {
    const page = await ctx.command(
      'getMessages',
      { conversationSid, anchor, direction: 'backwards', pageSize: size },
      (result) =>
        ctx.dispatch({ type: 'historyLoaded', conversationSid, items: result.items, reachedStart: !result.hasPrevPage })
    );
    return page.items.length;
  } catch (error) {
    const failure = ConversationsError.from(error);
    ctx.dispatch({
      type: 'historyFailed',
      conversationSid,
      error: { code: failure.code, message: failure.message, status: failure.status }
    });
    throw failure;
  }
}

import { ErrorCode } from '../../protocol';
import { ConversationsError } from '../errors';
import type { Paginator } from '../types';
import type { ModelContext } from './context';
import type { Message } from './message';

/**
 * Fetches a page of messages (ascending index order) into the store and wraps it in a
 * Paginator: `prevPage` reaches older messages, `nextPage` newer ones.
 */
export async function fetchMessages(
  ctx: ModelContext,
  conversationSid: string,
  pageSize: number,
  anchor: number | null,
  direction: 'backwards' | 'forward'
): Promise<Paginator<Message>> {
  const page = await ctx.command('getMessages', { conversationSid, anchor, direction, pageSize }, (result) =>
    ctx.dispatch({ type: 'messagesLoaded', conversationSid, items: result.items })
  );
  const items = page.items.map((data) => ctx.message(conversationSid, data.index, data));
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  return {
    items,
    hasPrevPage: page.hasPrevPage && first !== undefined,
    hasNextPage: page.hasNextPage && last !== undefined,
    prevPage() {
      if (!page.hasPrevPage || !first) return Promise.reject(new ConversationsError(ErrorCode.NotFound, 'No previous page'));
      return fetchMessages(ctx, conversationSid, pageSize, Math.max(0, first.index - 1), 'backwards');
    },
    nextPage() {
      if (!page.hasNextPage || !last) return Promise.reject(new ConversationsError(ErrorCode.NotFound, 'No next page'));
      return fetchMessages(ctx, conversationSid, pageSize, last.index + 1, 'forward');
    }
  };
}

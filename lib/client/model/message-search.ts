import { ErrorCode, LIMITS } from '../../protocol';
import { ConversationsError, badArgument } from '../errors';
import type { Paginator, SearchMessagesOptions } from '../types';
import type { ModelContext } from './context';
import type { Message } from './message';
import type { Models } from './models';

/** Beyond the reference: a message that matched `Client.searchMessages`. */
export interface SearchHit {
  /** The message (the same object as everywhere else for its conversation and index). */
  readonly message: Message;
  /** Where its body matched: `[start, end)` offsets in UTF-16 code units, ascending. */
  readonly highlights: readonly (readonly [number, number])[];
}

/** Checks the arguments of `searchMessages`; throws `BadRequest` naming the bad one. */
function checked(query: unknown, options: SearchMessagesOptions | undefined): SearchMessagesOptions {
  if (typeof query !== 'string' || query.trim() === '' || query.length > LIMITS.maxSearchQueryLength)
    throw badArgument('searchMessages', 'query', `a string of 1 to ${LIMITS.maxSearchQueryLength} characters`, query);
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options)))
    throw badArgument('searchMessages', 'options', 'an object of options', options);
  const { conversationSid, pageSize } = options ?? {};
  if (conversationSid !== undefined && (typeof conversationSid !== 'string' || conversationSid === ''))
    throw badArgument('searchMessages', 'conversationSid', 'a non-empty string', conversationSid);
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > LIMITS.maxSearchPageSize))
    throw badArgument('searchMessages', 'pageSize', `a whole number from 1 to ${LIMITS.maxSearchPageSize}`, pageSize);
  return options ?? {};
}

/**
 * The messages the user may read that match `query`, newest first, one page at a time: `nextPage`
 * asks the server for older matches, `prevPage` goes back to the page before.
 */
export async function searchMessages(
  ctx: ModelContext,
  models: Models,
  query: string,
  options?: SearchMessagesOptions
): Promise<Paginator<SearchHit>> {
  const { conversationSid, pageSize } = checked(query, options);
  await ctx.ready();
  const page = async (cursor: string | null, before: Paginator<SearchHit> | null): Promise<Paginator<SearchHit>> => {
    const result = await ctx.command('searchMessages', {
      query,
      ...(conversationSid === undefined ? {} : { conversationSid }),
      ...(pageSize === undefined ? {} : { pageSize }),
      ...(cursor === null ? {} : { cursor })
    });
    const items: SearchHit[] = result.items.map((hit) =>
      Object.freeze({
        message: models.message(hit.message.conversationSid, hit.message.index, hit.message),
        highlights: Object.freeze(hit.highlights.map((range) => Object.freeze([range[0], range[1]] as const)))
      })
    );
    const next = result.nextCursor;
    const paginator: Paginator<SearchHit> = {
      items,
      hasPrevPage: before !== null,
      hasNextPage: next !== null,
      prevPage: () =>
        before !== null
          ? Promise.resolve(before)
          : Promise.reject(new ConversationsError(ErrorCode.NotFound, 'No previous page')),
      nextPage: () =>
        next !== null
          ? page(next, paginator)
          : Promise.reject(new ConversationsError(ErrorCode.NotFound, 'No next page'))
    };
    return paginator;
  };
  return page(null, null);
}

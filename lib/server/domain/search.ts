import { type CommandArgs, type CommandResult, ErrorCode, LIMITS } from '../../protocol';
import type { SearchPosition } from '../storage/records';
import { type DomainContext, read } from './context';
import { DomainError } from './errors';
import { loadMembership } from './load';
import { withMyReactions } from './reactions';
import { highlights, searchTerms } from './search-terms';

/** Encodes where the next page of search results starts as an opaque string. */
export function encodeSearchCursor(position: SearchPosition): string {
  return Buffer.from(`${position.a}:${position.b ?? ''}`, 'utf8').toString('base64url');
}

/** Decodes a cursor from {@link encodeSearchCursor}; `BadRequest` on anything else. */
export function decodeSearchCursor(cursor: string): SearchPosition {
  const match = /^(\d{1,16}):([A-Za-z0-9]{0,64})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new DomainError(ErrorCode.BadRequest, 'cursor is not one this server gave', 'args.cursor');
  return { a: Number(match[1]), b: match[2] === '' ? null : match[2] };
}

/**
 * The messages `identity` may read (of the conversations it takes part in now, or of the one named)
 * whose body has every word of the query, newest first, with where each matched. A removed message
 * is gone from the results at once; an edited one is found by its new words only.
 */
export function searchMessages(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'searchMessages'>
): Promise<CommandResult<'searchMessages'>> {
  const terms = searchTerms(args.query);
  if (terms.length === 0) throw new DomainError(ErrorCode.BadRequest, 'The query has no words', 'args.query');
  const pageSize = args.pageSize ?? LIMITS.defaultSearchPageSize;
  const after = args.cursor ? decodeSearchCursor(args.cursor) : null;
  return read(ctx, async (reader) => {
    if (args.conversationSid !== undefined) await loadMembership(reader, args.conversationSid, identity);
    const found = await reader.searchMessages(identity, terms, args.conversationSid ?? null, after, pageSize + 1);
    const page = found.slice(0, pageSize);
    const messages = await withMyReactions(
      reader,
      identity,
      page.map((match) => match.message)
    );
    return {
      items: messages.map((message) => ({ message, highlights: highlights(message.body, terms) })),
      nextCursor: found.length > pageSize ? encodeSearchCursor(page[page.length - 1].position) : null
    };
  });
}

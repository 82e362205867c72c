import { ErrorCode } from '../../protocol';
import { ConversationsError } from '../errors';
import type { Paginator } from '../types';

/** A Paginator over a list already in memory, `size` items a page, starting at `offset`. */
export function pageOf<T>(all: readonly T[], size: number, offset: number): Paginator<T> {
  const hasPrevPage = offset > 0;
  const hasNextPage = offset + size < all.length;
  return {
    items: all.slice(offset, offset + size),
    hasPrevPage,
    hasNextPage,
    prevPage: () =>
      hasPrevPage
        ? Promise.resolve(pageOf(all, size, Math.max(0, offset - size)))
        : Promise.reject(new ConversationsError(ErrorCode.NotFound, 'No previous page')),
    nextPage: () =>
      hasNextPage
        ? Promise.resolve(pageOf(all, size, offset + size))
        : Promise.reject(new ConversationsError(ErrorCode.NotFound, 'No next page'))
  };
}

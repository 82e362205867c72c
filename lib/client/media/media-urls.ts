import { ErrorCode, LIMITS } from '../../protocol';
import { ConversationsError, badArgument } from '../errors';
import type { ModelContext } from '../model/context';
import { CancellablePromise } from './cancellable-promise';
import type { Media } from './media';

/**
 * Temporary URLs for media sids: one `getMediaUrls` request per 100 sids (one request for the
 * usual message). Rejects with `NotFound` if any sid is not one the user may see, and with
 * `Cancelled` once `signal` aborts.
 */
export async function fetchMediaUrls(
  ctx: ModelContext,
  sids: readonly string[],
  signal: AbortSignal
): Promise<Map<string, string>> {
  const unique = [...new Set(sids)];
  const urls = new Map<string, string>();
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(new ConversationsError(ErrorCode.Cancelled, 'Cancelled'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => undefined);
  for (let i = 0; i < unique.length; i += LIMITS.maxMediaSidsPerRequest) {
    const mediaSids = unique.slice(i, i + LIMITS.maxMediaSidsPerRequest);
    const result = await Promise.race([ctx.command('getMediaUrls', { mediaSids }), aborted]);
    for (const sid of mediaSids) {
      const url = result.urls[sid];
      if (url !== undefined) urls.set(sid, url);
    }
  }
  return urls;
}

/** `getTemporaryContentUrlsForMediaSids` of the Client and Message: checks the argument, then one batched request. */
export function temporaryUrlsForSids(
  ctx: ModelContext,
  method: string,
  sids: unknown
): CancellablePromise<Map<string, string>> {
  if (!Array.isArray(sids) || sids.length === 0 || !sids.every((sid) => typeof sid === 'string' && sid !== '')) {
    const error = badArgument(method, 'mediaSids', 'a non-empty array of media sids', sids);
    return new CancellablePromise((_, reject) => reject(error));
  }
  return CancellablePromise.fromAbortable((signal) => fetchMediaUrls(ctx, sids as string[], signal));
}

/** `getTemporaryContentUrlsForMedia`: the same, given Media objects. */
export function temporaryUrlsForMedia(
  ctx: ModelContext,
  method: string,
  media: unknown
): CancellablePromise<Map<string, string>> {
  const sids = Array.isArray(media)
    ? media.map((item: Media | null | undefined) => (item && typeof item === 'object' ? item.sid : item))
    : media;
  return temporaryUrlsForSids(ctx, method, sids);
}

import type { CacheHandle, CacheScope, ClientCache } from '../client/session/cache-port';
import { IdbCache, type WriteInfo } from './idb-cache';

/** Options of `indexedDbCache`. */
export interface IndexedDbCacheOptions {
  /** Writes wait this long for more batches, coalesced into one transaction. Default 200 ms. */
  writeDelayMs?: number;
  /** Told after each write (records written, time taken): for measurements. */
  onWrite?: (info: WriteInfo) => void;
}

/**
 * A persistent cache on IndexedDB, for `new Client(token, { cache: indexedDbCache() })`: the client
 * starts from what it kept (before the socket opens), resumes from the kept position, and keeps
 * unanswered sends, edits, removals and horizon moves across reloads. One database per server URL
 * and identity. Where IndexedDB is missing, blocked or full, the client runs in memory and its
 * status carries a warning.
 */
export function indexedDbCache(options: IndexedDbCacheOptions = {}): ClientCache {
  const writeDelayMs = options.writeDelayMs ?? 200;
  if (typeof writeDelayMs !== 'number' || !Number.isFinite(writeDelayMs) || writeDelayMs < 0)
    throw new TypeError(`indexedDbCache: writeDelayMs must be a number from 0 up, not ${String(writeDelayMs)}`);
  return {
    open: (scope: CacheScope): Promise<CacheHandle> =>
      IdbCache.open(scope, { writeDelayMs, onWrite: options.onWrite }, () => true)
  };
}

import type { CacheHandle, CacheScope, ClientCache, SessionLink } from '../client/session/cache-port';
import type { ConnectionLike } from '../client/transport/connection-like';
import { databaseName, IdbCache, type WriteInfo } from './idb-cache';
import { browserTabs, TabLink, type TabPlatform } from './tabs/tab-link';

/** Options of `indexedDbCache`. */
export interface IndexedDbCacheOptions {
  /** Writes wait this long for more batches, coalesced into one transaction. Default 200 ms. */
  writeDelayMs?: number;
  /**
   * `'shared'` (the default): the tabs of one origin and identity share one server connection,
   * held by one leader tab (Web Locks) that serves the others over a BroadcastChannel; where the
   * browser lacks either, each tab keeps its own. `'own'`: each tab keeps its own connection.
   */
  tabs?: 'shared' | 'own';
  /** Told after each write (records written, time taken): for measurements. */
  onWrite?: (info: WriteInfo) => void;
}

/**
 * A persistent cache on IndexedDB, for `new Client(token, { cache: indexedDbCache() })`: the client
 * starts from what it kept (before the socket opens), resumes from the kept position, and keeps
 * unanswered sends, edits, removals and horizon moves across reloads. One database per server URL
 * and identity. Where IndexedDB is missing, blocked or full, the client runs in memory and its
 * status carries a warning. With `tabs: 'shared'` (the default) every tab uses one connection.
 */
export function indexedDbCache(options: IndexedDbCacheOptions = {}): ClientCache {
  const writeDelayMs = options.writeDelayMs ?? 200;
  if (typeof writeDelayMs !== 'number' || !Number.isFinite(writeDelayMs) || writeDelayMs < 0)
    throw new TypeError(`indexedDbCache: writeDelayMs must be a number from 0 up, not ${String(writeDelayMs)}`);
  const tabs = options.tabs ?? 'shared';
  if (tabs !== 'shared' && tabs !== 'own')
    throw new TypeError(`indexedDbCache: tabs must be 'shared' or 'own', not ${String(tabs)}`);
  return {
    open: async (scope: CacheScope): Promise<CacheHandle> => {
      const platform = tabs === 'shared' ? browserTabs() : null;
      let link: TabLink | null = null;
      const cache = await IdbCache.open(
        scope,
        { writeDelayMs, onWrite: options.onWrite },
        () => link === null || link.leads
      );
      if (platform === null) return cache;
      return withTabs(cache, scope, platform, (made) => (link = made));
    }
  };
}

/** The cache, with the connection shared between tabs (made when the session asks for it). */
function withTabs(
  cache: IdbCache,
  scope: CacheScope,
  platform: TabPlatform,
  made: (link: TabLink) => void
): CacheHandle {
  cache.connection = (session: SessionLink): ConnectionLike => {
    const link = new TabLink(databaseName(scope), session, platform, () => cache.sharedChanged());
    made(link);
    return link;
  };
  return cache;
}

import type { CacheDeps, ClientCache, SessionLink } from '../client/session/cache-port';
import type { ConnectionLike } from '../client/transport/connection-like';
import { databaseName, IdbCache, type WriteInfo } from './idb-cache';
import { CachedSession } from './session-cache';
import { browserTabs, TabLink } from './tabs/tab-link';

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
    attach: (deps: CacheDeps) => {
      // the tabs share one connection whether or not this tab's database opens
      const platform = tabs === 'shared' ? browserTabs() : null;
      let link: TabLink | null = null;
      const share =
        platform === null
          ? null
          : (session: SessionLink, leading: () => void): ConnectionLike =>
              (link = new TabLink(databaseName(deps.scope), session, platform, leading));
      const settings = { writeDelayMs, onWrite: options.onWrite };
      const open = () => IdbCache.open(deps.scope, settings, () => link === null || link.leads);
      return new CachedSession(deps, open, share);
    }
  };
}

/**
 * rx-conversations/cache: an opt-in persistent cache for the browser client, on IndexedDB
 * (through `idb`), and one server connection shared by every tab of the same origin and identity.
 *
 * ```ts
 * import { Client } from 'rx-conversations';
 * import { indexedDbCache } from 'rx-conversations/cache';
 * const client = new Client(token, { cache: indexedDbCache() });
 * ```
 *
 * @packageDocumentation
 */
export { indexedDbCache, type IndexedDbCacheOptions } from './indexed-db-cache';
export type { WriteInfo } from './idb-cache';
export { databaseName } from './idb-cache';
export type { ClientCache, CacheScope } from '../client/session/cache-port';

import '../helpers/fake-indexeddb';
import { openDB } from 'idb';
import { databaseName, DB_VERSION, IdbCache, type WriteInfo } from '../../lib/cache/idb-cache';
import { CACHE_FORMAT } from '../../lib/cache/records';
import { chunkKey, chunkOf, CHUNKS, SNAPSHOT } from '../../lib/cache/write-behind';
import { createInitialState } from '../../lib/client/store/initial-state';
import type { CacheScope } from '../../lib/client/session/cache-port';
import type { State } from '../../lib/client/store/state';
import type { CachedDetail, CachedState } from '../../lib/client/store/cached-state';
import { ev, joined, message, ME, pending, run, user } from '../client/store/fixtures';
import { waitFor } from '../helpers/wait';

let scopes = 0;
/** A scope of its own for each test: its own database. */
const freshScope = (identity = ME): CacheScope => ({ url: `ws://test-${++scopes}.invalid/`, identity });

/** Everything a start reads: the list with the windows and rosters (null when the read or the rest fail). */
async function readAll(cache: IdbCache): Promise<(CachedState & CachedDetail) | null> {
  const kept = await cache.read();
  if (kept === null) return null;
  const detail = await kept.detail();
  return detail === null ? null : { ...kept.state, ...detail };
}

async function openCache(scope: CacheScope, writes: WriteInfo[] = [], shared = true): Promise<IdbCache> {
  return IdbCache.open(scope, { writeDelayMs: 5, onWrite: (info) => writes.push(info) }, () => shared);
}

/** A state with two conversations, messages in one, a user, a pending send, at position 12. */
function sample(): State {
  return run(
    joined(['C1', 'C2']),
    [ev.messageAdded(10, message('C1', 0)), ev.messageAdded(11, message('C1', 1))],
    [
      { type: 'usersLoaded', items: [user('bob')] },
      { type: 'pendingAdded', message: pending('C1', 'k1') },
      ev.userConversationUpdated(12, 'C1', 0, 1)
    ]
  ).state;
}

describe('IdbCache: the durable state on IndexedDB', () => {
  it('writes a burst of batches in one coalesced transaction, and reads it back', async () => {
    const scope = freshScope();
    const writes: WriteInfo[] = [];
    const cache = await openCache(scope, writes);
    const state = sample();
    for (let i = 0; i < 50; i++) cache.changed(i < 49 ? joined(['C1']) : state);
    await cache.flush();
    expect(writes).toHaveLength(1);
    const read = await readAll(cache);
    expect(read).toMatchObject({ identity: ME, position: 12, commands: [] });
    expect(read?.conversations.map((entry) => entry.data.sid).sort()).toEqual(['C1', 'C2']);
    expect(read?.conversations.find((entry) => entry.data.sid === 'C1')).toMatchObject({ unreadCount: 1 });
    expect(read?.windows).toEqual([{ sid: 'C1', messages: [message('C1', 0), message('C1', 1)] }]);
    expect(read?.rosters.find((roster) => roster.sid === 'C2')?.participants).toHaveLength(3);
    expect(read?.users.map((entry) => entry.data.identity)).toEqual(['bob']);
    expect(read?.pending.map((item) => item.key)).toEqual(['k1']);
    cache.close();
  });

  it('writes only what a batch changed, and deletes what went', async () => {
    const scope = freshScope();
    const writes: WriteInfo[] = [];
    const cache = await openCache(scope, writes);
    const first = sample();
    cache.changed(first);
    await cache.flush();
    const next = run(first, [
      ev.messageAdded(13, message('C1', 2)),
      { type: 'pendingRemoved', conversationSid: 'C1', key: 'k1' }
    ]).state;
    cache.changed(next);
    await cache.flush();
    // meta (position), the C1 conversation (its preview), its window, and the pending send deleted
    expect(writes[1]).toMatchObject({ records: 4, whole: false });
    const read = await readAll(cache);
    expect(read?.windows[0].messages.map((m) => m.index)).toEqual([0, 1, 2]);
    expect(read?.pending).toEqual([]);
    cache.close();
  });

  it('keeps each identity apart: another identity opens its own, empty database', async () => {
    const alice = freshScope('alice');
    const cache = await openCache(alice);
    cache.changed(sample());
    await cache.flush();
    const bob = await openCache({ url: alice.url, identity: 'bob' });
    expect(await readAll(bob)).toBeNull();
    expect(databaseName(alice)).not.toEqual(databaseName({ url: alice.url, identity: 'bob' }));
    expect(await readAll(cache)).not.toBeNull();
    cache.close();
    bob.close();
  });

  it('drops a corrupt record, or another format, rather than trust it', async () => {
    const scope = freshScope();
    const cache = await openCache(scope);
    cache.changed(sample());
    await cache.flush();
    const db = await openDB(databaseName(scope));
    const window = chunkKey('windows', chunkOf('windows', 'C1'));
    await db.put(SNAPSHOT, JSON.stringify([{ sid: 'C1', messages: [{ index: 'not a number' }] }]), window);
    expect(await readAll(cache)).toBeNull();
    // and the bad data is gone, so the next start rebuilds from the server
    expect(await db.count(SNAPSHOT)).toBe(0);
    cache.changed(createInitialState());
    const other = freshScope();
    const second = await openCache(other);
    second.changed(sample());
    await second.flush();
    const db2 = await openDB(databaseName(other));
    await db2.put(SNAPSHOT, { format: CACHE_FORMAT + 1, url: other.url, identity: ME, position: 12 }, 'meta');
    expect(await readAll(second)).toBeNull();
    db.close();
    db2.close();
    cache.close();
    second.close();
  });

  it('drops a chunk that is not JSON, not a list, or not one of its records', async () => {
    for (const [key, value] of [
      [chunkKey('conversations', 0), '{ not json'],
      [chunkKey('users', 1), JSON.stringify({ not: 'a list' })],
      ['elsewhere/1', JSON.stringify([])],
      [chunkKey('rosters', 2), [{ sid: 'C1', loaded: true, participants: [] }]]
    ] as const) {
      const scope = freshScope();
      const cache = await openCache(scope);
      cache.changed(sample());
      await cache.flush();
      const db = await openDB(databaseName(scope));
      await db.put(SNAPSHOT, value, key);
      expect(await readAll(cache)).toBeNull();
      expect(await db.count(SNAPSHOT)).toBe(0);
      db.close();
      cache.close();
    }
  });

  it('hands the list first, then the windows and rosters, checked: a bad one empties the shared records', async () => {
    for (const kind of ['windows', 'rosters'] as const) {
      const scope = freshScope();
      const cache = await openCache(scope);
      cache.changed(sample());
      await cache.flush();
      const db = await openDB(databaseName(scope));
      const bad =
        kind === 'windows'
          ? [{ sid: 'C1', messages: [{ index: 'not a number' }] }]
          : [{ sid: 'C1', loaded: 'yes', participants: [] }];
      await db.put(SNAPSHOT, JSON.stringify(bad), chunkKey(kind, chunkOf(kind, 'C1')));
      const kept = await cache.read();
      // the list, its position and the own sends are handed over (and shown) without the bad chunk
      expect(kept?.state.conversations).toHaveLength(2);
      expect(kept?.state.position).toBe(12);
      expect(kept?.state.pending.map((item) => item.key)).toEqual(['k1']);
      expect(await kept?.detail()).toBeNull();
      // the shared records go (rebuilt from the server), the tab's own sends stay
      expect(await db.count(SNAPSHOT)).toBe(0);
      expect(await db.count('pending')).toBe(1);
      db.close();
      cache.close();
    }
  });

  it('shared records another tab emptied (a bad one at its start) are written whole again, not in part', async () => {
    const scope = freshScope();
    const sids = Array.from({ length: 20 }, (_, i) => `C${i}`);
    const state = run(joined(sids), [ev.messageAdded(30, message('C3', 0))]).state;
    const leader = await openCache(scope);
    leader.changed(state);
    await leader.flush();
    const db = await openDB(databaseName(scope));
    await db.put(
      SNAPSHOT,
      JSON.stringify([{ sid: 'C3', messages: [] }, 'bad']),
      chunkKey('windows', chunkOf('windows', 'C3'))
    );
    const starting = await openCache(scope);
    expect(await (await starting.read())?.detail()).toBeNull();
    expect(await db.count(SNAPSHOT)).toBe(0);
    // the leader goes on writing what its batches change
    leader.changed(run(state, [ev.messageAdded(31, message('C3', 1))]).state);
    await leader.flush();
    await leader.flush();
    const read = await readAll(starting);
    expect(read?.position).toBe(31);
    expect(read?.conversations).toHaveLength(20);
    expect(read?.windows.find((window) => window.sid === 'C3')?.messages).toHaveLength(2);
    db.close();
    leader.close();
    starting.close();
  });

  it('keeps the shared state in few records: a chunk per kind and key hash, whatever the entries', async () => {
    const scope = freshScope();
    const writes: WriteInfo[] = [];
    const cache = await openCache(scope, writes);
    const sids = Array.from({ length: 200 }, (_, i) => `C${i}`);
    const state = run(joined(sids), [ev.messageAdded(300, message('C7', 0))]).state;
    cache.changed(state);
    await cache.flush();
    const db = await openDB(databaseName(scope));
    // meta, the conversations' few chunks, the rosters' chunks and the one window's
    expect(CHUNKS.conversations).toBeLessThan(CHUNKS.rosters);
    expect(await db.count(SNAPSHOT)).toBe(1 + CHUNKS.conversations + CHUNKS.rosters + 1);
    expect((await readAll(cache))?.conversations).toHaveLength(200);
    // a message in C7 rewrites the position, C7's conversation chunk and its window's
    cache.changed(run(state, [ev.messageAdded(301, message('C7', 1))]).state);
    await cache.flush();
    expect(writes[1]).toMatchObject({ records: 3, whole: false });
    db.close();
    cache.close();
  });

  it('drops a database of an older layout, and makes the current one', async () => {
    const scope = freshScope();
    const old = await openDB(databaseName(scope), DB_VERSION - 1, {
      upgrade(database) {
        database.createObjectStore('conversations');
        database.createObjectStore('meta');
      }
    });
    await old.put('meta', { format: CACHE_FORMAT - 1, url: scope.url, identity: ME, position: 3 }, 'meta');
    old.close();
    const cache = await openCache(scope);
    expect(await readAll(cache)).toBeNull();
    const db = await openDB(databaseName(scope));
    expect([...db.objectStoreNames].sort()).toEqual(['commands', 'pending', SNAPSHOT]);
    db.close();
    cache.close();
  });

  it('a tab that does not hold the connection writes only its own sends and kept commands', async () => {
    const scope = freshScope();
    const follower = await openCache(scope, [], false);
    follower.changed(sample());
    follower.queued({ key: 'q1', command: 'removeMessage', args: { conversationSid: 'C1', messageSid: 'IM1' } });
    await follower.flush();
    const read = await readAll(follower);
    expect(read).toMatchObject({ position: 0, conversations: [], windows: [] });
    expect(read?.pending.map((item) => item.key)).toEqual(['k1']);
    expect(read?.commands).toEqual([
      { key: 'q1', command: 'removeMessage', args: { conversationSid: 'C1', messageSid: 'IM1' } }
    ]);
    follower.answered('q1');
    await follower.flush();
    expect((await readAll(follower))?.commands).toEqual([]);
    follower.close();
  });

  it('two tabs with their own connections: a state older than the kept one is not written over it', async () => {
    const scope = freshScope();
    const ahead = await openCache(scope);
    const behind = await openCache(scope);
    ahead.changed(sample());
    await ahead.flush();
    behind.changed(run(joined(['C9']), [ev.messageAdded(5, message('C9', 0))]).state);
    await behind.flush();
    const read = await readAll(ahead);
    expect(read?.position).toBe(12);
    expect(read?.conversations.map((entry) => entry.data.sid).sort()).toEqual(['C1', 'C2']);
    ahead.close();
    behind.close();
  });

  it('erased by another tab (logout): writes stop with a warning, and the next read finds nothing', async () => {
    const scope = freshScope();
    const first = await openCache(scope);
    const warnings: string[] = [];
    first.onWarning((warning) => warnings.push(warning));
    first.changed(sample());
    await first.flush();
    const second = await openCache(scope);
    await second.clear();
    first.changed(run(sample(), [ev.messageAdded(13, message('C1', 2))]).state);
    await first.flush();
    await waitFor(() => warnings.length === 1, 'the warning');
    expect(warnings[0]).toMatch(/stopped writing/);
    const third = await openCache(scope);
    expect(await readAll(third)).toBeNull();
    third.close();
  });
});

import '../helpers/fake-indexeddb';
import { openDB } from 'idb';
import WebSocket from 'ws';
import { indexedDbCache } from '../../lib/cache';
import { databaseName } from '../../lib/cache/idb-cache';
import {
  Client,
  isPendingMessage,
  selectClientStatus,
  selectConversations,
  selectMessages,
  type ClientOptions,
  type StoreState
} from '../../lib/client';
import { Proxy } from '../helpers/proxy';
import { waitFor, waitForAsync } from '../helpers/wait';
import { startServer } from '../../lib/server';
import { ErrorCode } from '../../lib/protocol';
import { clientWorld, quietLogger, type ClientWorld } from '../client/world';

/** A WebSocket class that logs when its socket opens and each request's command (`request <name>`). */
function recordingWebSocket(log: string[]): typeof globalThis.WebSocket {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.on('open', () => log.push('open'));
    }
    override send(data: string): void {
      const frame = JSON.parse(data) as { type: string; command?: string };
      if (frame.type === 'request') log.push(`request ${frame.command}`);
      super.send(data);
    }
  } as unknown as typeof globalThis.WebSocket;
}

/** Whether a database of that name exists (opening it to look would make it). */
const exists = async (name: string) => (await indexedDB.databases()).some((db) => db.name === name);

const bodies = (state: StoreState, sid: string) =>
  selectMessages(sid)(state).map((item) => (isPendingMessage(item) ? `pending ${item.body}` : item.body));

describe('a client with a persistent cache', () => {
  let world: ClientWorld;
  const proxies: Proxy[] = [];
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.shutdown()));
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
    await world.close();
  });

  async function cachedClient(identity: string, options: ClientOptions = {}): Promise<Client> {
    const client = new Client(await world.server.issueToken(identity), {
      cache: indexedDbCache({ writeDelayMs: 5 }),
      ...options
    });
    clients.push(client);
    return client;
  }

  /** Shuts a client down the way a closed tab leaves it: what was written stays. */
  async function close(client: Client): Promise<void> {
    await client.shutdown();
    clients.splice(clients.indexOf(client), 1);
  }

  async function setUp(identity: string, options: ClientOptions = {}) {
    const first = await cachedClient(identity, options);
    await waitFor(() => selectClientStatus(first.getState()).phase === 'initialized', 'the first start');
    const conversation = await first.createConversation({ friendlyName: 'kept' });
    await conversation.add('bob');
    await conversation.sendMessage('one');
    await conversation.sendMessage('two');
    const position = first.getState().session.position;
    await waitForAsync(async () => {
      const db = await openDB(databaseName({ url: world.server.url, identity }));
      const meta = (await db.get('snapshot', 'meta')) as { position: number } | undefined;
      db.close();
      return meta?.position === position;
    }, 'the cache written');
    return { first, sid: conversation.sid };
  }

  it('publishes the kept state before the socket opens, then resumes with exactly what it missed', async () => {
    world = await clientWorld();
    const { first, sid } = await setUp('alice');
    await close(first);
    const bob = await world.client('bob');
    await (await bob.getConversationBySid(sid)).sendMessage('while away');
    const log: string[] = [];
    const again = await cachedClient('alice', { WebSocket: recordingWebSocket(log) });
    let firstShown: { bodies: (string | null)[]; source: string } | null = null;
    again.select(selectConversations).subscribe((list) => {
      if (list.length === 0 || log.includes('list')) return;
      log.push('list');
      firstShown = { bodies: bodies(again.getState(), sid), source: selectClientStatus(again.getState()).source };
    });
    again
      .select((state) => state.participants[sid]?.loaded === true)
      .subscribe((loaded) => {
        if (loaded && !log.includes('roster')) log.push('roster');
      });
    again
      .select((state) => bodies(state, sid).join())
      .subscribe((shown) => {
        if (shown !== '' && !log.some((entry) => entry.startsWith('messages'))) log.push(`messages ${shown}`);
      });
    await waitFor(() => log.includes('list'), 'the kept list');
    // the list is published first, without waiting for the message windows to be read
    expect(firstShown).toEqual({ bodies: [], source: 'cache' });
    // the kept messages and roster follow the list, before the socket opens
    await waitFor(() => log.includes('open'), 'the socket');
    expect(log.indexOf('list')).toBeLessThan(log.indexOf('messages one,two'));
    expect(log.indexOf('list')).toBeLessThan(log.indexOf('roster'));
    expect(log.indexOf('messages one,two')).toBeLessThan(log.indexOf('open'));
    expect(log.indexOf('roster')).toBeLessThan(log.indexOf('open'));
    await waitFor(() => selectClientStatus(again.getState()).phase === 'initialized', 'caught up');
    expect(log.indexOf('list')).toBeLessThan(log.indexOf('open'));
    expect(bodies(again.getState(), sid)).toEqual(['one', 'two', 'while away']);
    expect(selectClientStatus(again.getState())).toMatchObject({ source: 'live', warning: null });
    // resumed: the list was not read again
    expect(log).not.toContain('request listMyConversations');
  });

  it('a bad window found after the list is shown: left out, the cache rebuilt, the messages read again', async () => {
    world = await clientWorld();
    const { first, sid } = await setUp('alice');
    await close(first);
    const name = databaseName({ url: world.server.url, identity: 'alice' });
    const db = await openDB(name);
    const keys = (await db.getAllKeys('snapshot')).map(String);
    const windows = keys.filter((key) => key.startsWith('windows/'));
    expect(windows).toHaveLength(1);
    await db.put('snapshot', JSON.stringify([{ sid, messages: [{ index: 'not a number' }] }]), windows[0]);
    db.close();
    const log: string[] = [];
    const again = await cachedClient('alice', { WebSocket: recordingWebSocket(log) });
    let firstShown: { sids: string[]; source: string } | null = null;
    again.select(selectConversations).subscribe((list) => {
      if (list.length === 0 || firstShown !== null) return;
      firstShown = { sids: list.map((entry) => entry.data.sid), source: selectClientStatus(again.getState()).source };
    });
    await waitFor(() => selectClientStatus(again.getState()).phase === 'initialized', 'caught up');
    // the list was shown from the cache and resumed from it; the bad window was not trusted
    expect(firstShown).toEqual({ sids: [sid], source: 'cache' });
    expect(log).not.toContain('request listMyConversations');
    expect(bodies(again.getState(), sid)).toEqual([]);
    // its messages come from the server again, and the cache is written whole with them
    const conversation = await again.getConversationBySid(sid);
    expect((await conversation.getMessages(10)).items.map((m) => m.body)).toEqual(['one', 'two']);
    await waitForAsync(async () => {
      const reopened = await openDB(name);
      const records: unknown[] = await reopened.getAll('snapshot');
      const keptKeys = (await reopened.getAllKeys('snapshot')).map(String);
      reopened.close();
      const window = records.find((_, i) => keptKeys[i].startsWith('windows/'));
      return (
        keptKeys.includes('meta') &&
        keptKeys.some((key) => key.startsWith('conversations/')) &&
        typeof window === 'string' &&
        (JSON.parse(window) as { messages: { body: string }[] }[])[0].messages.map((m) => m.body).join() === 'one,two'
      );
    }, 'the cache written whole again');
  });

  it('resynchronises when the server says the kept position is too old', async () => {
    world = await clientWorld({ replayLimit: 3 });
    const { first, sid } = await setUp('alice');
    await close(first);
    const bob = await world.client('bob');
    const shared = await bob.getConversationBySid(sid);
    for (let i = 0; i < 6; i++) await shared.sendMessage(`away ${i}`);
    const log: string[] = [];
    const again = await cachedClient('alice', { WebSocket: recordingWebSocket(log) });
    await waitFor(() => selectClientStatus(again.getState()).phase === 'initialized', 'resynchronised');
    expect(log).toContain('request listMyConversations');
    const conversation = await again.getConversationBySid(sid);
    expect((await conversation.getMessages(20)).items.map((m) => m.body)).toEqual([
      'one',
      'two',
      ...Array.from({ length: 6 }, (_, i) => `away ${i}`)
    ]);
  });

  it('keeps a send made offline across a reload, and sends it once when back', async () => {
    world = await clientWorld();
    const proxy = await Proxy.start({ host: '127.0.0.1', port: Number(new URL(world.server.url).port) });
    proxies.push(proxy);
    const url = proxy.wsUrl(world.server.url);
    const { first, sid } = await (async () => {
      const client = await cachedClient('alice', { url });
      await waitFor(() => selectClientStatus(client.getState()).phase === 'initialized', 'the first start');
      const conversation = await client.createConversation();
      await conversation.add('bob');
      return { first: client, sid: conversation.sid };
    })();
    proxy.hold();
    proxy.cut();
    await waitFor(() => first.connectionState !== 'connected', 'offline');
    const conversation = await first.getConversationBySid(sid);
    conversation.sendMessage('typed offline').catch(() => undefined);
    await waitForAsync(async () => {
      const db = await openDB(databaseName({ url, identity: 'alice' }));
      const count = await db.count('pending');
      db.close();
      return count === 1;
    }, 'the pending send kept');
    await close(first);
    const again = await cachedClient('alice', { url });
    await waitFor(() => bodies(again.getState(), sid).includes('pending typed offline'), 'the kept send shown');
    proxy.release();
    await waitFor(() => bodies(again.getState(), sid).join() === 'typed offline', 'the send delivered');
    const bob = await world.client('bob');
    const seen = await (await bob.getConversationBySid(sid)).getMessages(10);
    expect(seen.items.map((m) => m.body)).toEqual(['typed offline']);
  });

  it('keeps an edit made offline across a reload', async () => {
    world = await clientWorld();
    const proxy = await Proxy.start({ host: '127.0.0.1', port: Number(new URL(world.server.url).port) });
    proxies.push(proxy);
    const url = proxy.wsUrl(world.server.url);
    const first = await cachedClient('alice', { url });
    await waitFor(() => selectClientStatus(first.getState()).phase === 'initialized', 'the first start');
    const conversation = await first.createConversation();
    await conversation.sendMessage('draft');
    const [message] = (await conversation.getMessages()).items;
    proxy.hold();
    proxy.cut();
    await waitFor(() => first.connectionState !== 'connected', 'offline');
    message.updateBody('final').catch(() => undefined);
    await waitForAsync(async () => {
      const db = await openDB(databaseName({ url, identity: 'alice' }));
      const count = await db.count('commands');
      db.close();
      return count === 1;
    }, 'the edit kept');
    await close(first);
    const again = await cachedClient('alice', { url });
    proxy.release();
    await waitFor(() => bodies(again.getState(), conversation.sid).join() === 'final', 'the edit applied');
  });

  it('edits, removals and horizon moves made offline are kept and go once when back', async () => {
    world = await clientWorld();
    const proxy = await Proxy.start({ host: '127.0.0.1', port: Number(new URL(world.server.url).port) });
    proxies.push(proxy);
    const url = proxy.wsUrl(world.server.url);
    const log: string[] = [];
    const client = await cachedClient('alice', { url, requestTimeoutMs: 400, WebSocket: recordingWebSocket(log) });
    await waitFor(() => selectClientStatus(client.getState()).phase === 'initialized', 'the first start');
    const conversation = await client.createConversation();
    await conversation.add('bob');
    const bob = await world.client('bob');
    const seen = await bob.getConversationBySid(conversation.sid);
    await seen.sendMessage('to edit');
    await seen.sendMessage('to remove');
    await waitFor(() => bodies(client.getState(), conversation.sid).length === 2, 'both messages');
    const [toEdit, toRemove] = (await conversation.getMessages()).items;
    proxy.hold();
    proxy.cut();
    await waitFor(() => client.connectionState !== 'connected', 'offline');
    const settled: string[] = [];
    const edit = toEdit.updateBody('edited').finally(() => settled.push('edit'));
    const removal = toRemove.remove().finally(() => settled.push('removal'));
    const read = conversation.setAllMessagesRead().finally(() => settled.push('read'));
    await waitForAsync(async () => {
      const db = await openDB(databaseName({ url, identity: 'alice' }));
      const count = await db.count('commands');
      db.close();
      return count === 3;
    }, 'the three commands kept');
    // a command the cache does not keep, made at the same time, times out: the kept ones wait
    await expect(conversation.getMessages()).rejects.toMatchObject({ code: ErrorCode.Timeout });
    expect(settled).toEqual([]);
    proxy.release();
    await Promise.all([edit, removal, read]);
    expect(bodies(client.getState(), conversation.sid)).toEqual(['edited']);
    expect(log.filter((entry) => /updateMessage|removeMessage|updateReadHorizon/.test(entry))).toEqual([
      'request updateMessage',
      'request removeMessage',
      'request updateReadHorizon'
    ]);
    expect((await seen.getMessages()).items.map((m) => m.body)).toEqual(['edited']);
    await waitForAsync(async () => {
      const db = await openDB(databaseName({ url, identity: 'alice' }));
      const count = await db.count('commands');
      db.close();
      return count === 0;
    }, 'the answered commands forgotten');
  });

  it('erases the cache at clearCache() and when the token is denied', async () => {
    world = await clientWorld();
    const { first } = await setUp('alice');
    await first.clearCache();
    expect(await exists(databaseName({ url: world.server.url, identity: 'alice' }))).toBe(false);
    await close(first);
    const { first: second } = await setUp('carol');
    await close(second);
    // a token this server did not sign, for the same identity and server: denied
    const elsewhere = await startServer({ logger: quietLogger });
    const foreign = await elsewhere.issueToken('carol');
    await elsewhere.close();
    const denied = new Client(foreign, { url: world.server.url, cache: indexedDbCache({ writeDelayMs: 5 }) });
    clients.push(denied);
    await waitFor(() => selectClientStatus(denied.getState()).phase === 'failed', 'the denial');
    await waitForAsync(
      async () => !(await exists(databaseName({ url: world.server.url, identity: 'carol' }))),
      'the cache erased'
    );
  });

  it('runs in memory, with a warning on its status, where IndexedDB is missing', async () => {
    world = await clientWorld();
    const saved = globalThis.indexedDB;
    delete (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    try {
      const client = await cachedClient('alice');
      await waitFor(() => selectClientStatus(client.getState()).phase === 'initialized', 'the start');
      expect(selectClientStatus(client.getState()).warning).toMatch(/unavailable/);
    } finally {
      globalThis.indexedDB = saved;
    }
  });
});

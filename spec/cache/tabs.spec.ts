import '../helpers/fake-indexeddb';
import { indexedDbCache } from '../../lib/cache';
import { Client, selectClientStatus, selectMessages, selectUnreadCount } from '../../lib/client';
import { installTabs } from '../helpers/web-locks';
import { waitFor } from '../helpers/wait';
import { clientWorld, type ClientWorld } from '../client/world';

/**
 * Tabs in one process: each client plays a tab, with its own store, on Node's BroadcastChannel and
 * a stand-in for `navigator.locks` (the browser suite runs the real ones).
 */
describe('one connection for all tabs', () => {
  let world: ClientWorld;
  let uninstall: () => void;
  const tabs: Client[] = [];
  beforeEach(() => (uninstall = installTabs()));
  afterEach(async () => {
    await Promise.all(tabs.splice(0).map((tab) => tab.shutdown()));
    await world.close();
    uninstall();
  });

  /** The server's open WebSocket sessions (GET /health). */
  async function sessions(): Promise<number> {
    const health = (await (await fetch(`${world.server.httpUrl}/health`)).json()) as { sessions: number };
    return health.sessions;
  }

  async function tab(identity: string): Promise<Client> {
    const client = new Client(await world.server.issueToken(identity), { cache: indexedDbCache({ writeDelayMs: 5 }) });
    tabs.push(client);
    await waitFor(() => selectClientStatus(client.getState()).phase === 'initialized', `tab ${tabs.length}`);
    return client;
  }

  it('shares one server connection; every tab sees the same; commands resolve where made', async () => {
    world = await clientWorld();
    const a = await tab('alice');
    const b = await tab('alice');
    const c = await tab('alice');
    expect(await sessions()).toBe(1);
    const conversation = await b.createConversation({ friendlyName: 'from b' });
    await conversation.add('bob');
    const bob = await world.client('bob');
    await (await bob.getConversationBySid(conversation.sid)).sendMessage('hello tabs');
    for (const t of [a, b, c]) {
      await waitFor(() => selectMessages(conversation.sid)(t.getState()).length === 1, 'the message in every tab');
    }
    // reading in one tab clears the badge in all
    await (await c.getConversationBySid(conversation.sid)).setAllMessagesRead();
    for (const t of [a, b, c]) {
      await waitFor(() => selectUnreadCount(conversation.sid)(t.getState()) === 0, 'the badge cleared everywhere');
    }
  });

  it('when the leader closes, another takes over and nothing is lost', async () => {
    world = await clientWorld();
    const a = await tab('alice');
    const b = await tab('alice');
    const conversation = await a.createConversation();
    await a.shutdown();
    tabs.splice(tabs.indexOf(a), 1);
    const handle = await b.getConversationBySid(conversation.sid);
    await handle.sendMessage('after the leader left');
    // a tab opened now attaches to the new leader: resumed from what the cache kept, or resynchronised
    // (then its windows start empty) when the cache is older than where the new leader started
    const c = await tab('alice');
    await (await c.getConversationBySid(conversation.sid)).getMessages();
    await waitFor(() => selectMessages(conversation.sid)(c.getState()).length === 1, 'the new tab caught up');
    expect(selectMessages(conversation.sid)(b.getState()).map((m) => m.body)).toEqual(['after the leader left']);
  });

  it('a tab whose IndexedDB cannot open runs in memory, still on the one connection', async () => {
    world = await clientWorld();
    await tab('alice');
    const token = await world.server.issueToken('alice');
    const saved = globalThis.indexedDB;
    delete (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    try {
      tabs.push(new Client(token, { cache: indexedDbCache({ writeDelayMs: 5 }) }));
    } finally {
      globalThis.indexedDB = saved;
    }
    const without = tabs[1];
    await waitFor(() => selectClientStatus(without.getState()).phase === 'initialized', 'the tab in memory');
    expect(selectClientStatus(without.getState()).warning).toMatch(/unavailable/);
    expect(await sessions()).toBe(1);
  });
});

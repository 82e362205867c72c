import { Client, selectMessages, isPendingMessage } from '../../lib/client';
import { Proxy } from '../helpers/proxy';
import { waitFor } from '../helpers/wait';
import { clientWorld, type ClientWorld } from './world';

/**
 * Sends `count` messages from one client, `concurrency` at a time, telling `sent` after each; answers
 * the indexes it was given.
 */
async function burst(
  client: Client,
  sid: string,
  count: number,
  concurrency: number,
  sent: () => void
): Promise<number[]> {
  const conversation = await client.getConversationBySid(sid);
  const indexes: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      indexes.push(await conversation.sendMessage(`${client.user.identity}-${i}`));
      sent();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return indexes;
}

describe('reconnect during a burst', () => {
  let world: ClientWorld;
  const proxies: Proxy[] = [];
  afterEach(async () => {
    await world.close();
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });

  it('ends with every message exactly once, in order, in every store, and every send resolved', async () => {
    world = await clientWorld();
    const port = Number(new URL(world.server.url).port);
    const identities = ['alice', 'bob', 'carol'];
    const clients: Client[] = [];
    for (const identity of identities) {
      const proxy = await Proxy.start({ host: '127.0.0.1', port });
      proxies.push(proxy);
      clients.push(
        await world.client(identity, {
          url: proxy.wsUrl(world.server.url),
          reconnect: { minDelayMs: 20, maxDelayMs: 200, jitter: 0.5 },
          requestTimeoutMs: 60000,
          messageCacheSize: 10000
        })
      );
    }
    const conversation = await clients[0].createConversation({ friendlyName: 'burst' });
    await conversation.add('bob');
    await conversation.add('carol');
    await waitFor(
      () => clients.every((c) => c.getState().conversations[conversation.sid]?.status === 'joined'),
      'all joined'
    );

    const perClient = 1000;
    // a random connection is cut every 100 to 300 acknowledged sends, all through the burst
    let acknowledged = 0;
    let nextCut = 100 + Math.floor(Math.random() * 200);
    const sent = () => {
      if (++acknowledged < nextCut) return;
      nextCut += 100 + Math.floor(Math.random() * 200);
      proxies[Math.floor(Math.random() * proxies.length)].cut();
    };
    const results = await Promise.all(clients.map((client) => burst(client, conversation.sid, perClient, 8, sent)));

    const total = perClient * clients.length;
    const allIndexes = results.flat().sort((a, b) => a - b);
    expect(allIndexes).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(proxies.reduce((n, p) => n + p.cuts, 0)).toBeGreaterThan(5);

    for (const client of clients) {
      await waitFor(
        () => selectMessages(conversation.sid)(client.getState()).filter((m) => !isPendingMessage(m)).length === total,
        `${client.user.identity} holds ${total} messages`,
        30000
      );
    }
    const reference = selectMessages(conversation.sid)(clients[0].getState()).map((m) =>
      isPendingMessage(m) ? null : [m.index, m.body]
    );
    expect(reference.map((pair) => pair?.[0])).toEqual(Array.from({ length: total }, (_, i) => i));
    for (const client of clients) {
      const items = selectMessages(conversation.sid)(client.getState());
      expect(items.some(isPendingMessage)).toBe(false);
      expect(items.map((m) => (isPendingMessage(m) ? null : [m.index, m.body]))).toEqual(reference);
      expect(client.getState().conversations[conversation.sid].data.messagesCount).toBe(total);
    }
  }, 120000);
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, isPendingMessage, selectConversations, selectMessages, selectParticipants } from '../../lib/client';
import { type RunningDemo, startDemo } from '../../lib/demo';
import { waitFor } from '../helpers/wait';

/**
 * The demo without a browser: its page server hands a visitor a token and the rooms, the
 * simulated people talk, answer and read, and a server restart is caught up. (spec/e2e drives
 * the page itself in Chromium.)
 */
let dir: string;
let demo: RunningDemo;
const clients: Client[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rxc-demo-'));
  const pageScript = join(dir, 'page.js');
  writeFileSync(pageScript, 'console.log("the page")');
  demo = await startDemo({ pageScript, port: 0, database: join(dir, 'demo.db'), tempo: 0.2 });
}, 30000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.shutdown()));
  await demo?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function visitor(identity?: string): Promise<{ identity: string; client: Client }> {
  const response = await fetch(`${demo.url}api/session${identity ? `?identity=${identity}` : ''}`);
  expect(response.status).toBe(200);
  const session = (await response.json()) as { identity: string; token: string };
  const client = await Client.create(session.token, { reconnect: { minDelayMs: 200, maxDelayMs: 1000 } });
  clients.push(client);
  return { identity: session.identity, client };
}

describe('the demo', () => {
  it('serves the page shell and its script', async () => {
    const shell = await fetch(demo.url);
    expect(shell.headers.get('content-type')).toMatch(/text\/html/);
    expect(await shell.text()).toContain('<script type="module" src="/page.js">');
    expect(await (await fetch(`${demo.url}page.js`)).text()).toBe('console.log("the page")');
    expect((await fetch(`${demo.url}nothing`)).status).toBe(404);
  });

  it('gives a visitor an identity of its own, in every room; the same identity again on return', async () => {
    const { identity, client } = await visitor();
    expect(identity).toMatch(/^guest-[0-9a-f]{6}$/);
    const rooms = selectConversations(client.getState())
      .map((entry) => entry.data.friendlyName)
      .sort();
    expect(rooms).toEqual(['Design review', 'Launch planning', 'Random', 'Support inbox']);
    const again = await visitor(identity);
    expect(again.identity).toBe(identity);
    // an identity not of the visitor shape is never handed out: a new visitor instead
    const impostor = await visitor('maya');
    expect(impostor.identity).not.toBe('maya');
  });

  it('the simulated people talk, read, and answer a visitor', async () => {
    const { identity, client } = await visitor();
    const launch = selectConversations(client.getState()).find(
      (entry) => entry.data.friendlyName === 'Launch planning'
    );
    if (!launch) throw new Error('no Launch planning room');
    const sid = launch.data.sid;
    const conversation = await client.getConversationBySid(sid);
    await conversation.getParticipants();
    const before = launch.data.messagesCount;
    await waitFor(
      () => (selectConversations(client.getState()).find((e) => e.data.sid === sid)?.data.messagesCount ?? 0) > before,
      'a new message in the room',
      20000
    );

    const index = await conversation.sendMessage('Hello, everyone');
    const held = () => selectMessages(sid)(client.getState()).filter((item) => !isPendingMessage(item));
    await waitFor(
      () => held().some((item) => !isPendingMessage(item) && item.index > index && item.author !== identity),
      'an answer after the visitor message',
      20000
    );
    const readers = () =>
      selectParticipants(sid)(client.getState()).filter(
        (p) => p.identity !== identity && (p.lastReadMessageIndex ?? -1) >= index
      );
    await waitFor(() => readers().length >= 1, 'the message read by a simulated person', 20000);
  });

  it('a server restart: clients reconnect to the same URL and catch up', async () => {
    const { client } = await visitor();
    const url = demo.serverUrl;
    await demo.stopServer();
    await waitFor(() => client.connectionState !== 'connected', 'the visitor client to notice', 10000);
    const refused = await fetch(`${demo.url}api/session`);
    expect(refused.status).toBe(503);
    await demo.startServer();
    expect(demo.serverUrl).toBe(url);
    await waitFor(() => client.connectionState === 'connected', 'the visitor client to reconnect', 20000);
    const total = () =>
      selectConversations(client.getState()).reduce((sum, entry) => sum + entry.data.messagesCount, 0);
    const after = total();
    await waitFor(() => total() > after, 'the simulated people to go on after the restart', 20000);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from '../../lib/client';
import { type RunningServer, startServer } from '../../lib/server';
import { waitForAsync } from '../helpers/wait';
import { ROOT, launchChromium, requireBuilt } from './browser';
import { IMPORT_MAP, type PageServer, servePages } from './page-server';

/**
 * Offline-first in Chromium (issue 16): the published browser build and `rx-conversations/cache`
 * on real IndexedDB, Web Locks and BroadcastChannel. A page is a tab; pages of one browser context
 * share an origin, so they share the cache and the connection.
 */
/**
 * The app: starts a client with the cache from the token and URL in the page's hash (so a reload
 * starts it again), and logs, in order, when the kept list is shown (`list`, with how many
 * messages its first conversation shows), when that conversation first shows messages
 * (`messages`, with how many), when a socket opens (`open`), and the status' source.
 */
const APP = `
import * as rxc from 'rx-conversations';
import { indexedDbCache } from 'rx-conversations/cache';
const params = new URLSearchParams(location.hash.slice(1));
const log = (window.log = []);
class LoggingWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols);
    this.addEventListener('open', () => log.push('open'));
  }
}
const client = new rxc.Client(params.get('token'), {
  url: params.get('url'),
  cache: indexedDbCache({ writeDelayMs: 20 }),
  WebSocket: LoggingWebSocket,
  reconnect: { minDelayMs: 100, maxDelayMs: 500 }
});
client.select(rxc.selectConversations).subscribe((list) => {
  if (list.length > 0 && !log.some((entry) => entry.startsWith('list'))) {
    log.push('list ' + rxc.selectMessages(list[0].data.sid)(client.getState()).length);
  }
});
client.select((state) => {
  const first = rxc.selectConversations(state)[0];
  return first === undefined ? 0 : rxc.selectMessages(first.data.sid)(state).length;
}).subscribe((count) => {
  if (count > 0 && !log.some((entry) => entry.startsWith('messages'))) log.push('messages ' + count);
});
client.select(rxc.selectClientStatus).subscribe((status) => {
  const entry = 'source ' + status.source;
  if (!log.includes(entry)) log.push(entry);
});
window.rxc = rxc;
window.client = client;
window.bodies = (sid) =>
  rxc.selectMessages(sid)(client.getState()).map((item) => (rxc.isPendingMessage(item) ? 'pending ' : '') + item.body);
// how many of a kind the cache holds: 'meta' (0 or 1), 'pending' sends, or the entries of a
// kind of the snapshot ('windows', 'conversations'…, kept in chunk records of JSON lists); -1: no database
window.kept = (what) =>
  new Promise((resolve) => {
    const name = 'rx-conversations:' + params.get('url') + ':' + params.get('identity');
    indexedDB.databases().then((all) => {
      if (!all.some((db) => db.name === name)) return resolve(-1);
      const open = indexedDB.open(name);
      open.onsuccess = () => {
        const db = open.result;
        const storeName = what === 'pending' ? 'pending' : 'snapshot';
        const store = db.transaction(storeName).objectStore(storeName);
        const keys = store.getAllKeys();
        const values = store.getAll();
        values.onsuccess = () => {
          db.close();
          if (what === 'pending') return resolve(values.result.length);
          if (what === 'meta') return resolve(keys.result.includes('meta') ? 1 : 0);
          let count = 0;
          keys.result.forEach((key, i) => {
            if (String(key).startsWith(what + '/')) count += JSON.parse(values.result[i]).length;
          });
          resolve(count);
        };
      };
    });
  });
window.ready = true;
`;

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8">
${IMPORT_MAP}
<script type="module" src="/app.js"></script>
</head><body></body></html>`;

type Win = {
  ready?: boolean;
  log: string[];
  client: Client;
  bodies(sid: string): string[];
  kept(what: string): Promise<number>;
  rxc: typeof import('../../lib/client');
};

let server: RunningServer | null = null;
let files: PageServer;
let browser: Browser;
let context: BrowserContext;
let port = 0;
const dir = mkdtempSync(join(tmpdir(), 'rxc-offline-'));
const SECRET = 'offline-e2e-secret-offline-e2e-secret';
const errors: string[] = [];
const nodeClients: Client[] = [];

async function startConversations(): Promise<RunningServer> {
  server = await startServer({
    port,
    host: '127.0.0.1',
    database: join(dir, 'conversations.db'),
    secret: SECRET,
    logger: { info() {}, warn() {}, error() {} }
  });
  port = server.port;
  return server;
}

const running = (): RunningServer => {
  if (server === null) throw new Error('the server is stopped');
  return server;
};

async function nodeClient(identity: string): Promise<Client> {
  const client = await Client.create(await running().issueToken(identity));
  nodeClients.push(client);
  return client;
}

/** A tab of `identity`: the app started with its token. */
async function openTab(identity: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  const token = await running().issueToken(identity);
  const hash = new URLSearchParams({ token, url: running().url, identity }).toString();
  await page.goto(`${files.origin}/#${hash}`);
  await page.waitForFunction(() => (window as unknown as Win).ready === true);
  return page;
}

const phase = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as Win;
    return w.rxc.selectClientStatus(w.client.getState()).phase;
  });

async function initialized(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const w = window as unknown as Win;
    return w.client !== undefined && w.rxc.selectClientStatus(w.client.getState()).phase === 'initialized';
  });
}

async function sessions(): Promise<number> {
  const health = (await (await fetch(`${running().httpUrl}/health`)).json()) as { sessions: number };
  return health.sessions;
}

/**
 * Waits until the server counts the live node clients' sessions plus `tabs` (the connections the
 * browser holds). Counted from what is open, not from a count read earlier: a tab closed just
 * before may still be counted for a moment, until the server sees its socket end.
 */
async function serverSessions(tabs: number, what: string): Promise<void> {
  const expected = () => nodeClients.length + tabs;
  let counted = -1;
  await waitForAsync(
    async () => (counted = await sessions()) === expected(),
    () =>
      `${what}: the server counts ${counted} sessions, not ${expected()} (${nodeClients.length} node clients + ${tabs})`
  );
}

beforeAll(async () => {
  requireBuilt('dist/browser/index.js', 'dist/browser/cache.js');
  files = await servePages(
    ROOT,
    new Map([
      ['/', PAGE],
      ['/app.js', APP]
    ])
  );
  await startConversations();
  browser = await launchChromium();
  context = await browser.newContext();
}, 60000);

afterAll(async () => {
  await Promise.all(nodeClients.map((client) => client.shutdown()));
  await browser?.close();
  await server?.close();
  await files?.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => expect(errors.splice(0)).toEqual([]));

it('a reload shows the list, then its last messages, before the socket opens, then catches up', async () => {
  const bob = await nodeClient('bob');
  const conversation = await bob.createConversation({ friendlyName: 'kept' });
  await conversation.add('alice');
  await conversation.sendMessage('one');
  await conversation.sendMessage('two');
  const first = await openTab('alice');
  await initialized(first);
  await first.evaluate(async (sid) => {
    const w = window as unknown as Win;
    await (await w.client.getConversationBySid(sid)).getMessages(10);
  }, conversation.sid);
  await waitForAsync(
    async () => (await first.evaluate(() => (window as unknown as Win).kept('windows'))) === 1,
    'kept'
  );
  await first.close();
  await conversation.sendMessage('three');

  const again = await openTab('alice');
  await initialized(again);
  await waitForAsync(
    async () => (await again.evaluate((sid) => (window as unknown as Win).bodies(sid), conversation.sid)).length === 3,
    'the missed message'
  );
  const log = await again.evaluate(() => (window as unknown as Win).log);
  // the kept list was on screen first (before its messages were read), then its two messages,
  // both before any socket opened
  expect(log.indexOf('list 0')).toBeGreaterThanOrEqual(0);
  expect(log.indexOf('list 0')).toBeLessThan(log.indexOf('messages 2'));
  expect(log.indexOf('messages 2')).toBeLessThan(log.indexOf('open'));
  expect(log.indexOf('source cache')).toBeLessThan(log.indexOf('open'));
  expect(log.indexOf('source live')).toBeGreaterThan(log.indexOf('open'));
  expect(await again.evaluate((sid) => (window as unknown as Win).bodies(sid), conversation.sid)).toEqual([
    'one',
    'two',
    'three'
  ]);
  await again.close();
});

it('a message sent while the server is stopped and the tab reloaded arrives exactly once', async () => {
  const bob = await nodeClient('bob');
  const conversation = await bob.createConversation({ friendlyName: 'offline' });
  await conversation.add('dave');
  const tab = await openTab('dave');
  await initialized(tab);
  const stopped = running();
  server = null;
  await Promise.all(nodeClients.splice(0).map((client) => client.shutdown()));
  await stopped.close();
  await tab.waitForFunction(() => (window as unknown as Win).client.connectionState !== 'connected');
  await tab.evaluate((sid) => {
    const w = window as unknown as Win;
    void w.client
      .conversation(sid)
      .sendMessage('typed while the server was down')
      .catch(() => undefined);
  }, conversation.sid);
  await waitForAsync(async () => (await tab.evaluate(() => (window as unknown as Win).kept('pending'))) === 1, 'kept');
  await tab.reload();
  await tab.waitForFunction(() => (window as unknown as Win).ready === true);
  await tab.waitForFunction(
    (sid) => (window as unknown as Win).bodies(sid).includes('pending typed while the server was down'),
    conversation.sid
  );
  expect(await phase(tab)).toBe('initializing');
  await startConversations();
  await tab.waitForFunction(
    (sid) => (window as unknown as Win).bodies(sid).join() === 'typed while the server was down',
    conversation.sid
  );
  const reader = await nodeClient('bob');
  const messages = await (await reader.getConversationBySid(conversation.sid)).getMessages(10);
  expect(messages.items.map((message) => message.body)).toEqual(['typed while the server was down']);
  await tab.close();
});

it('five tabs hold one server connection, show the same state, and closing the leader loses nothing', async () => {
  const bob = await nodeClient('bob');
  const conversation = await bob.createConversation({ friendlyName: 'tabs' });
  await conversation.add('carol');
  const tabs: Page[] = [];
  for (let i = 0; i < 5; i++) {
    tabs.push(await openTab('carol'));
    await initialized(tabs[i]);
  }
  await serverSessions(1, 'one connection for five tabs');
  await conversation.sendMessage('to every tab');
  const bodiesOf = (page: Page) =>
    page.evaluate((sid) => (window as unknown as Win).bodies(sid).join('|'), conversation.sid);
  for (const tab of tabs)
    await tab.waitForFunction((sid) => (window as unknown as Win).bodies(sid).length === 1, conversation.sid);
  // reading in one tab clears the badge in all
  await tabs[3].evaluate(
    (sid) => (window as unknown as Win).client.conversation(sid).setAllMessagesRead(),
    conversation.sid
  );
  for (const tab of tabs) {
    await tab.waitForFunction((sid) => {
      const w = window as unknown as Win;
      return w.rxc.selectUnreadCount(sid)(w.client.getState()) === 0;
    }, conversation.sid);
  }
  // a send under way in another tab while the leader (the first tab, which took the lock) closes
  const sending = tabs[2].evaluate(
    (sid) => (window as unknown as Win).client.conversation(sid).sendMessage('while the leader closes'),
    conversation.sid
  );
  await tabs[0].close({ runBeforeUnload: true });
  const rest = tabs.slice(1);
  expect(await sending).toBe(1);
  await conversation.sendMessage('after the takeover');
  for (const tab of rest) {
    await tab.waitForFunction((sid) => (window as unknown as Win).bodies(sid).length === 3, conversation.sid);
  }
  const seen = await Promise.all(rest.map(bodiesOf));
  expect(new Set(seen)).toEqual(new Set(['to every tab|while the leader closes|after the takeover']));
  await serverSessions(1, 'still one connection');
  const sent = await (await bob.getConversationBySid(conversation.sid)).getMessages(10);
  expect(sent.items.map((message) => message.body)).toEqual([
    'to every tab',
    'while the leader closes',
    'after the takeover'
  ]);
  await Promise.all(rest.map((tab) => tab.close()));
});

it('logout erases the cache', async () => {
  const tab = await openTab('erin');
  await initialized(tab);
  await waitForAsync(async () => (await tab.evaluate(() => (window as unknown as Win).kept('meta'))) === 1, 'kept');
  await tab.evaluate(async () => {
    const w = window as unknown as Win;
    await w.client.clearCache();
    await w.client.shutdown();
  });
  expect(await tab.evaluate(() => (window as unknown as Win).kept('meta'))).toBe(-1);
  await tab.close();
});

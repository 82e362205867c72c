import type { Browser, Page } from 'playwright-core';
import { Client, isPendingMessage, selectMessages } from '../../lib/client';
import { type RunningServer, startServer } from '../../lib/server';
import { waitFor } from '../helpers/wait';
import { ROOT, launchChromium, requireBuilt } from './browser';
import { IMPORT_MAP, type PageServer, servePages } from './page-server';

/**
 * The client's browser build as published (dist/browser/index.js, with its dependencies left as
 * bare imports) loaded in Chromium the way a bundler-less app would: an import map resolves
 * rxjs, immer, io-ts and reconnecting-websocket to browser builds of those packages.
 */
/** A page whose module script imports `entry` as `window.rxc` (and RxJS), through an import map. */
const page = (entry: string) => `<!doctype html>
<html><head><meta charset="utf-8">
${IMPORT_MAP}
<script type="module">
import * as rxc from '${entry}';
import * as rxjs from 'rxjs';
window.rxc = rxc;
window.rxjs = rxjs;
window.loaded = true;
</script>
</head><body></body></html>`;
/** The pages: the complete entry at `/`, the lean core alone (no part registered) at `/lean`. */
const PAGES = new Map([
  ['/', page('rx-conversations')],
  ['/lean', page('rx-conversations/lean')]
]);

let server: RunningServer;
let files: PageServer;
let browser: Browser;
let tab: Page;
let alice: Client;
const errors: string[] = [];

beforeAll(async () => {
  requireBuilt('dist/browser/index.js', 'dist/browser/lean.js');
  files = await servePages(ROOT, PAGES);
  server = await startServer({ logger: { info() {}, warn() {}, error() {} } });
  browser = await launchChromium();
  tab = await browser.newPage();
  tab.on('pageerror', (error) => errors.push(error.message));
}, 60000);

afterAll(async () => {
  await alice?.shutdown();
  await browser?.close();
  await server?.close();
  await files?.close();
});

it('dist/browser/index.js runs in Chromium: connects with the browser WebSocket, receives and sends live', async () => {
  alice = await Client.create(await server.issueToken('alice'));
  const conversation = await alice.createConversation({ friendlyName: 'Browser build' });
  await conversation.add('browser-user');
  await conversation.sendMessage('hello, browser');

  await tab.goto(`${files.origin}/`);
  await tab.waitForFunction(() => (window as unknown as { loaded?: boolean }).loaded === true);
  const token = await server.issueToken('browser-user');
  const running = tab.evaluate(
    async ({ token, sid }) => {
      type Lib = typeof import('../../lib/client');
      const { rxc, rxjs } = window as unknown as { rxc: Lib; rxjs: typeof import('rxjs') };
      const client = await rxc.Client.create(token);
      (window as unknown as { client: unknown }).client = client;
      const conversation = await client.getConversationBySid(sid);
      await conversation.getMessages(10);
      const reply = rxjs.firstValueFrom(
        client.messageAdded$.pipe(rxjs.filter((message) => message.body === 'hello back'))
      );
      await conversation.sendMessage('hello from the browser build');
      const answer = await reply;
      return {
        version: rxc.Client.version,
        state: client.connectionState,
        conversations: rxc.selectConversations(client.getState()).map((entry) => entry.data.friendlyName),
        bodies: rxc
          .selectMessages(sid)(client.getState())
          .map((item) => item.body),
        answerAuthor: answer.author
      };
    },
    { token, sid: conversation.sid }
  );
  // the browser's message reaches the Node client; Node answers while the page waits for it
  const fromBrowser = () =>
    selectMessages(conversation.sid)(alice.getState()).some(
      (item) => !isPendingMessage(item) && item.body === 'hello from the browser build'
    );
  await waitFor(fromBrowser, "the browser build's message in the Node client's store");
  await conversation.sendMessage('hello back');
  const seen = await running;
  expect(seen).toMatchObject({
    state: 'connected',
    conversations: ['Browser build'],
    answerAuthor: 'alice'
  });
  expect((seen as { bodies: string[] }).bodies).toEqual([
    'hello, browser',
    'hello from the browser build',
    'hello back'
  ]);
  expect(errors).toEqual([]);
});

it('dist/browser/lean.js runs alone in Chromium: messages, the store, an error naming a missing part', async () => {
  alice ??= await Client.create(await server.issueToken('alice'));
  const conversation = await alice.createConversation({ friendlyName: 'Lean build' });
  await conversation.add('lean-user');
  await tab.goto(`${files.origin}/lean`);
  await tab.waitForFunction(() => (window as unknown as { loaded?: boolean }).loaded === true);
  const token = await server.issueToken('lean-user');
  const seen = await tab.evaluate(
    async ({ token, sid }) => {
      type Lib = typeof import('../../lib/client/lean');
      const { rxc } = window as unknown as { rxc: Lib };
      const client = await rxc.Client.create(token);
      const conversation = client.conversation(sid);
      await conversation.sendMessage('hello from the lean build');
      let missing = '';
      try {
        conversation.prepareMessage();
      } catch (error) {
        missing = (error as Error).message;
      }
      const bodies = rxc
        .selectMessages(sid)(client.getState())
        .map((item) => item.body);
      await client.shutdown();
      return { bodies, missing, media: 'MessageBuilder' in rxc };
    },
    { token, sid: conversation.sid }
  );
  expect(seen.bodies).toEqual(['hello from the lean build']);
  expect(seen.missing).toContain("import 'rx-conversations/media'");
  expect(seen.media).toBe(false);
  expect(errors).toEqual([]);
});

/** Every file under `dir`. */

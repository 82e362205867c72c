import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Client } from '../../lib/client';
import { type RunningServer, startServer } from '../../lib/server';
import { buildAngularExample, serveApp } from './angular-app';
import { launchChromium } from './browser';

/**
 * examples/angular, built by Angular's application builder against this package as published,
 * driven in headless Chromium as two users against a real server: once with zone.js, once
 * zoneless.
 */
const quiet = { info() {}, warn() {}, error() {} };
const SECRET = 'angular-example-e2e-secret-0123456789';
const HISTORY = 75;

let app: string;
let browser: Browser;

beforeAll(async () => {
  app = await buildAngularExample();
  browser = await launchChromium();
}, 600000);

afterAll(async () => {
  await browser?.close();
});

/** The titles of the conversation list, top first. */
const titles = (page: Page) =>
  page.$$eval('.row', (rows) =>
    rows.map((row) => {
      const title = row.querySelector('.title')?.textContent?.trim() ?? '';
      const unread = row.querySelector('.unread')?.textContent?.trim();
      return unread ? `${title} (${unread})` : title;
    })
  );

/** Waits until the list reads `expected` (titles with unread badges, top first). */
async function waitList(page: Page, expected: string[]): Promise<void> {
  await page
    .waitForFunction(
      (want) =>
        JSON.stringify(
          Array.from(document.querySelectorAll('.row')).map((row) => {
            const title = row.querySelector('.title')?.textContent?.trim() ?? '';
            const unread = row.querySelector('.unread')?.textContent?.trim();
            return unread ? `${title} (${unread})` : title;
          })
        ) === want,
      JSON.stringify(expected),
      { timeout: 15000 }
    )
    .catch(async (error: Error) => {
      throw new Error(`${error.message}: the list reads ${JSON.stringify(await titles(page))}`);
    });
}

const waitState = (page: Page, state: string) =>
  page.waitForFunction((s) => document.querySelector('.status')?.getAttribute('data-state') === s, state, {
    timeout: 20000
  });

const waitMessage = (page: Page, body: string, status?: string) =>
  page.waitForFunction(
    ([b, s]) =>
      Array.from(document.querySelectorAll('.message')).some(
        (m) => m.querySelector('.body')?.textContent === b && (s === '' || m.getAttribute('data-status') === s)
      ),
    [body, status ?? ''],
    { timeout: 15000 }
  );

const messageCount = (page: Page) => page.$$eval('.message', (messages) => messages.length);

async function open(page: Page, title: string): Promise<void> {
  await page.locator('.row', { has: page.locator('.title', { hasText: title }) }).click();
  await page.waitForFunction((t) => document.querySelector('app-conversation h2')?.textContent === t, title);
}

async function send(page: Page, body: string): Promise<void> {
  await page.locator('input[name=message]').fill(body);
  await page.locator('input[name=message]').press('Enter');
}

describe.each(['zone', 'zoneless'] as const)('examples/angular (%s)', (mode) => {
  let dir: string;
  let server: RunningServer;
  let files: { url: string; close(): Promise<void> };
  const clients: Client[] = [];
  const pages: Record<'alice' | 'bob', Page> = {} as Record<'alice' | 'bob', Page>;
  const pageErrors: string[] = [];
  let historySid: string;
  const start = (port = 0) => startServer({ logger: quiet, database: join(dir, 'chat.db'), secret: SECRET, port });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxc-angular-'));
    server = await start();
    files = await serveApp(join(app, 'dist', mode, 'browser'), (identity) => server.issueToken(identity));

    // alice and bob chat; carol keeps a long conversation with alice and a room with both
    const [alice, bob, carol] = await Promise.all(
      ['alice', 'bob', 'carol'].map(async (identity) => Client.create(await server.issueToken(identity)))
    );
    clients.push(alice, bob, carol);
    const pair = await alice.createConversation({ friendlyName: 'Alice & Bob' });
    await pair.add('bob');
    await pair.sendMessage('hi');
    const room = await carol.createConversation({ friendlyName: 'Team room' });
    await room.add('alice');
    await room.add('bob');
    await room.sendMessage('welcome');
    const history = await carol.createConversation({ friendlyName: 'History' });
    historySid = history.sid;
    await history.add('alice');
    for (let i = 1; i <= HISTORY; i++) await history.sendMessage(`history ${i}`);
    for (const [client, sids] of [
      [alice, [pair.sid, room.sid, history.sid]],
      [bob, [pair.sid, room.sid]]
    ] as const) {
      for (const sid of sids) await client.conversation(sid).setAllMessagesRead();
    }
    await Promise.all([alice.shutdown(), bob.shutdown()]);

    for (const user of ['alice', 'bob'] as const) {
      const page = await browser.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${user}: ${error.message}`));
      // every state the status element shows, in order
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { states: string[] }).states = seen;
        new MutationObserver(() => {
          const state = document.querySelector('.status')?.getAttribute('data-state');
          if (state && seen[seen.length - 1] !== state) seen.push(state);
        }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      });
      await page.goto(`${files.url}/?user=${user}`);
      pages[user] = page;
    }
  }, 120000);

  afterAll(async () => {
    for (const page of Object.values(pages)) await page.close();
    await Promise.all(clients.map((client) => client.shutdown()));
    await files?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`runs ${mode === 'zone' ? 'with zone.js' : 'without zone.js'}, connected, the list latest first`, async () => {
    const { alice, bob } = pages;
    await Promise.all([waitState(alice, 'connected'), waitState(bob, 'connected')]);
    expect(await alice.evaluate(() => typeof (window as { Zone?: unknown }).Zone)).toBe(
      mode === 'zone' ? 'function' : 'undefined'
    );
    await waitList(alice, ['History', 'Team room', 'Alice & Bob']);
    await waitList(bob, ['Team room', 'Alice & Bob']);
    expect(await alice.locator('.me').textContent()).toBe('alice');
  });

  it('two users chat: unread, reorder, typing, read receipts', async () => {
    const { alice, bob } = pages;
    await open(alice, 'Alice & Bob');
    await waitMessage(alice, 'hi');
    await send(alice, 'hello bob');
    // bob's list moves the conversation up and counts it unread; alice's too moves it up
    await waitList(bob, ['Alice & Bob (1)', 'Team room']);
    await waitList(alice, ['Alice & Bob', 'History', 'Team room']);
    expect(await bob.title()).toBe('(1) Conversations');
    await waitMessage(alice, 'hello bob', 'delivered');

    // bob opens it: read, and alice sees it read by him
    await open(bob, 'Alice & Bob');
    await waitList(bob, ['Alice & Bob', 'Team room']);
    await waitMessage(alice, 'hello bob', 'read');
    expect(await alice.locator('.message[data-status=read] .receipt').last().textContent()).toContain('seen by bob');

    // bob types, alice sees it; he sends
    await bob.locator('input[name=message]').pressSequentially('hi al');
    await alice.waitForFunction(() => document.querySelector('.typing')?.textContent?.includes('bob typing'));
    await bob.locator('input[name=message]').pressSequentially('ice');
    await bob.locator('input[name=message]').press('Enter');
    await waitMessage(alice, 'hi alice');
    await waitMessage(bob, 'hi alice', 'read');

    // carol writes in History: it moves to the top of alice's list, unread
    const history = clients[2].conversation(historySid);
    await history.sendMessage('news 1');
    await history.sendMessage('news 2');
    await waitList(alice, ['History (2)', 'Alice & Bob', 'Team room']);
    expect(await alice.title()).toBe('(2) Conversations');
  });

  it('loads older history on scroll to the top', async () => {
    const { alice } = pages;
    await open(alice, 'History');
    await waitMessage(alice, 'news 2');
    await waitList(alice, ['History', 'Alice & Bob', 'Team room']);
    const first = await messageCount(alice);
    expect(first).toBeLessThan(HISTORY);
    let shown = first;
    for (let round = 0; round < 5 && shown < HISTORY + 2; round++) {
      await alice.locator('.messages').evaluate((element) => (element.scrollTop = 0));
      await alice.waitForFunction((n) => document.querySelectorAll('.message').length > n, shown);
      shown = await messageCount(alice);
      // the page went above what was on screen, which stayed in place
      await alice.waitForFunction(() => document.querySelector('.messages')!.scrollTop > 100);
    }
    expect(shown).toBe(HISTORY + 2);
    await waitMessage(alice, 'history 1');
    expect(await alice.locator('.start').count()).toBe(1);
  });

  it('shows connecting while the server restarts, then connected, and chats on', async () => {
    const { alice, bob } = pages;
    const port = server.port;
    await server.close();
    await Promise.all([waitState(alice, 'connecting'), waitState(bob, 'connecting')]);
    server = await start(port);
    await Promise.all([waitState(alice, 'connected'), waitState(bob, 'connected')]);
    for (const page of [alice, bob]) {
      const states = await page.evaluate(() => (window as unknown as { states: string[] }).states);
      expect(states.slice(-3)).toEqual(['connected', 'connecting', 'connected']);
    }
    await open(alice, 'Alice & Bob');
    await send(alice, 'after the restart');
    await waitMessage(bob, 'after the restart');
    await waitMessage(alice, 'after the restart', 'read');
    expect(pageErrors).toEqual([]);
  });
});

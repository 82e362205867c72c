import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client, type Conversation, isPendingMessage, selectMessages } from '../../lib/client';
import { type RunningDemo, startDemo } from '../../lib/demo';
import { waitFor } from '../helpers/wait';
import { ROOT, launchChromium, outputDir, requireBuilt } from './browser';

const ROOMS = ['Launch planning', 'Support inbox', 'Design review', 'Random'];
const quiet = { info() {}, warn() {}, error() {} };

let dir: string;
let demo: RunningDemo;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let observer: Client;
let check: Conversation;
const pageErrors: string[] = [];

/** What the page shows: read in the page. */
const connection = () => page.locator('[data-testid=connection]').textContent();
const waitConnection = (state: string, timeout = 20000) =>
  page.waitForFunction((s) => document.querySelector('[data-testid=connection]')?.textContent === s, state, {
    timeout
  });
const messageWithBody = (body: string) =>
  page.locator('[data-testid=message]', { has: page.locator('.body', { hasText: body }) });
const history = (): Promise<string[]> =>
  page.evaluate(() =>
    (window as unknown as { rxcDemo: { connectionHistory: { state: string }[] } }).rxcDemo.connectionHistory.map(
      (h) => h.state
    )
  );

async function openConversation(title: string): Promise<void> {
  await page.locator('[data-testid=conversation]', { has: page.locator('.title', { hasText: title }) }).click();
  await page.waitForFunction(
    (t) => document.querySelector('[data-testid=conversation-title]')?.textContent === t,
    title
  );
}

async function send(body: string): Promise<void> {
  await page.locator('[data-testid=composer-input]').fill(body);
  await page.locator('[data-testid=composer-input]').press('Enter');
}

/** The observer (a Node client) holds `body` as a message the server has. */
const observerHas = (body: string) => () =>
  selectMessages(check.sid)(observer.getState()).some((item) => !isPendingMessage(item) && item.body === body);

beforeAll(async () => {
  requireBuilt('dist/demo/page.js');
  dir = mkdtempSync(join(tmpdir(), 'rxc-e2e-'));
  demo = await startDemo({
    pageScript: join(ROOT, 'dist/demo/page.js'),
    port: 0,
    database: join(dir, 'demo.db'),
    tempo: 0.25,
    logger: quiet
  });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 60000);

afterAll(async () => {
  await observer?.shutdown();
  await browser?.close();
  await demo?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the live dashboard in a browser', () => {
  it('connects as a visitor of its own and shows the rooms and the simulated people, live', async () => {
    await page.goto(demo.url);
    await waitConnection('connected');
    await page.waitForFunction((rooms) => {
      const titles = Array.from(document.querySelectorAll('[data-testid=conversation] .title'), (n) => n.textContent);
      return rooms.every((room) => titles.includes(room));
    }, ROOMS);
    const identity = await page.evaluate(() => document.body.dataset.identity ?? '');
    expect(identity).toMatch(/^guest-[0-9a-f]{6}$/);

    // live: messages from the simulated people arrive in the open conversation
    const before = await page.locator('[data-testid=message]').count();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=message]').length > n, before, {
      timeout: 30000
    });
    const authors = await page.locator('[data-testid=message] .author').allTextContents();
    expect(
      authors.some((name) => ['Maya Chen', 'Leo Okafor', 'Sofia Reyes', 'Jonas Berg', 'Priya Nair'].includes(name))
    ).toBe(true);

    // the others are online, someone types, the events keep coming
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=participant][data-online=true]').length >= 3
    );
    await page.waitForFunction(
      () => document.querySelector('[data-testid=participant][data-typing=true]') !== null,
      undefined,
      { timeout: 30000, polling: 50 }
    );
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=events-per-second]')?.textContent) > 0,
      undefined,
      { timeout: 30000 }
    );
    // an unread badge appears on a conversation that is not open
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=conversation]:not(.open)[data-unread]:not([data-unread="0"])') !== null,
      undefined,
      {
        timeout: 30000
      }
    );
    // the header's total is the sum of the badges
    const { total, badges } = await page.evaluate(() => ({
      total: Number(document.querySelector('[data-testid=total-unread]')?.textContent),
      badges: Array.from(document.querySelectorAll<HTMLElement>('[data-testid=conversation]'), (row) =>
        Number(row.dataset.unread)
      ).reduce((a, b) => a + b, 0)
    }));
    expect(total).toBe(badges);
  });

  it('sends from the composer: the message reaches another client, and its read receipt comes back', async () => {
    const identity = await page.evaluate(() => document.body.dataset.identity ?? '');
    observer = await Client.create(await demo.issueToken('e2e-observer'), {
      reconnect: { minDelayMs: 300, maxDelayMs: 1000 }
    });
    check = await observer.createConversation({ friendlyName: 'E2E check' });
    await check.add(identity);
    await openConversation('E2E check');

    await send('hello from the browser');
    await waitFor(observerHas('hello from the browser'), 'the browser message in the Node client store');

    await check.setAllMessagesRead();
    await messageWithBody('hello from the browser').and(page.locator('[data-receipt="✓✓ read"]')).waitFor();

    await check.sendMessage('hello from Node');
    await messageWithBody('hello from Node').waitFor();
  });

  it('survives a server restart: connecting (not disconnected, as the reference), connected, caught up', async () => {
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const seen = (await history()).length;

    await demo.stopServer();
    await page.waitForFunction(() => document.querySelector('[data-testid=connection]')?.textContent === 'connecting');
    // a send while the server is down waits, shown as pending
    await send('sent while the server was down');
    await messageWithBody('sent while the server was down').and(page.locator('[data-state=pending]')).waitFor();

    await demo.startServer();
    await waitConnection('connected', 30000);
    expect(await connection()).toBe('connected');
    const states = (await history()).slice(seen);
    const connecting = states.indexOf('connecting');
    const connected = states.indexOf('connected', connecting);
    expect([connecting, connected].every((i) => i >= 0)).toBe(true);
    expect(states).not.toContain('disconnected');

    // the held send went out once the link was back
    await messageWithBody('sent while the server was down')
      .and(page.locator('[data-state=sent]'))
      .waitFor({ timeout: 30000 });
    await waitFor(observerHas('sent while the server was down'), 'the held message in the Node client store', 30000);
    // what happens after the restart arrives live
    await waitFor(() => observer.connectionState === 'connected', 'the Node client to reconnect', 30000);
    await check.sendMessage('after the restart');
    await messageWithBody('after the restart').waitFor();
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it('a reload resumes where it was: the same visitor, the same conversation', async () => {
    const identity = await page.evaluate(() => document.body.dataset.identity);
    const hash = await page.evaluate(() => location.hash);
    await page.reload();
    await waitConnection('connected');
    expect(await page.evaluate(() => document.body.dataset.identity)).toBe(identity);
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    await page.waitForFunction(
      () => document.querySelector('[data-testid=conversation-title]')?.textContent === 'E2E check'
    );
    await messageWithBody('hello from the browser').waitFor();
    await messageWithBody('after the restart').waitFor();
  });

  it('looks right: a screenshot of a busy room, with a message of ours read by the others', async () => {
    await openConversation('Launch planning');
    await send('Looks good to me, ship it!');
    // a simulated person answers a visitor, and the others read it
    await messageWithBody('Looks good to me, ship it!')
      .and(page.locator('[data-receipt^="✓✓ read"]'))
      .waitFor({ timeout: 30000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=message]').length >= 8, undefined, {
      timeout: 30000
    });
    // the simulated people share pictures: uploaded through the client, shown from a temporary URL
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll<HTMLImageElement>('img[data-testid=attachment]')).some(
          (img) => img.complete && img.naturalWidth === 480
        ),
      undefined,
      { timeout: 60000 }
    );
    // what is on screen is read: the open conversation has no unread badge
    await page.waitForFunction(
      () => document.querySelector('[data-testid=conversation].open')?.getAttribute('data-unread') === '0'
    );
    await page.screenshot({ path: join(outputDir(), 'demo.png') });
    expect(pageErrors).toEqual([]);
  });
});

/**
 * memory (issue 6, item 6).
 *
 * 1. Heap per stored message: 100 conversations × 1,000 messages of 100-byte bodies are paged into
 *    an initialized client's store (`getMessages`, pages of 100, the message window 1,000); the
 *    heap after a full collection, before and after, divided by 100,000. The floor: the same pages
 *    over a bare socket, JSON.parse, every item kept in one array.
 * 2. A long session with the message window on (messageCacheSize 100): a client in 10
 *    conversations receives 100,000 live messages; the heap after a full collection at every
 *    10,000. Bounded: the last checkpoint within 25 % (and 4 MB) of the first.
 *
 * The server runs in its own process and sends the live messages from there (so that no sender
 * shares this heap); the client here. Run with `npx tsx bench/memory.ts [--quick]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { Client } from '../lib/client';
import { collectGarbage, hasFlag } from './lib/measure';
import { RawSocket } from './lib/raw-socket';
import { printTable, record } from './lib/report';
import { seed } from './lib/seed';
import { Worker } from './lib/worker';
import type { methods as ServerMethods } from './workers/server';

const quick = hasFlag('--quick');
const STORED = quick ? { conversations: 10, messages: 500 } : { conversations: 100, messages: 1_000 };
const SESSION = quick
  ? { conversations: 4, messages: 4_000, every: 1_000 }
  : { conversations: 10, messages: 100_000, every: 10_000 };
const WINDOW = 100;
const RUNS = quick ? 1 : 3;
const PAGE = 100;
const BODY = (c: number, m: number) => `${`Conversation ${c}, message ${m}: `.padEnd(100, 'x')}`;
const MB = 1024 * 1024;

function heap(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

async function floorBytes(url: string, token: string, sids: readonly string[]): Promise<number> {
  const socket = await RawSocket.connect(url, token);
  const before = heap();
  const kept: unknown[] = [];
  for (const conversationSid of sids) {
    for (let anchor: number | null = null; ;) {
      const reply = await socket.request('getMessages', {
        conversationSid,
        anchor,
        direction: 'backwards',
        pageSize: PAGE
      });
      const page = reply.result as { items: { index: number }[]; hasPrevPage: boolean };
      kept.push(...page.items);
      if (!page.hasPrevPage || page.items.length === 0) break;
      anchor = page.items[0].index - 1;
    }
  }
  const after = heap();
  if (kept.length !== sids.length * STORED.messages) throw new Error(`memory: the floor holds ${kept.length} messages`);
  await socket.close();
  return (after - before) / kept.length;
}

async function libraryBytes(token: string, sids: readonly string[]): Promise<number> {
  const client = await Client.create(token, { messageCacheSize: STORED.messages });
  const before = heap();
  for (const sid of sids) {
    const conversation = await client.getConversationBySid(sid);
    let page = await conversation.getMessages(PAGE);
    while (page.hasPrevPage) page = await page.prevPage();
  }
  const after = heap();
  let held = 0;
  for (const window of Object.values(client.getState().messages)) held += window.size;
  if (held !== sids.length * STORED.messages) throw new Error(`memory: the store holds ${held} messages`);
  await client.shutdown();
  return (after - before) / held;
}

async function perMessage(dir: string): Promise<void> {
  const database = join(dir, 'memory-stored.db');
  const { conversationSids } = await seed({
    path: database,
    conversations: STORED.conversations,
    members: () => ['me', 'bot'],
    messages: STORED.messages,
    body: BODY
  });
  const server = Worker.start<typeof ServerMethods>('server');
  try {
    const { url } = await server.call('start', { database });
    const [token] = await server.call('tokens', { identities: ['me'] });
    const library: number[] = [];
    const floor: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      floor.push(await floorBytes(url, token, conversationSids));
      library.push(await libraryBytes(token, conversationSids));
    }
    record({
      benchmark: 'memory',
      params: {
        measure: 'heap per stored message',
        messages: STORED.conversations * STORED.messages,
        conversations: STORED.conversations,
        bodyBytes: 100,
        runs: RUNS
      },
      unit: 'B/message',
      runs: library.map((value, i) => ({ value, floor: floor[i] })),
      goal: '≤ 1 KB per message',
      meets: (value) => value <= 1024
    });
  } finally {
    await server.stop();
  }
}

async function longSession(dir: string): Promise<void> {
  const database = join(dir, 'memory-session.db');
  const { conversationSids } = await seed({
    path: database,
    conversations: SESSION.conversations,
    members: () => ['me', 'bot'],
    messages: 0
  });
  const server = Worker.start<typeof ServerMethods>('server');
  try {
    const { url } = await server.call('start', { database, durability: 'normal' });
    const [token] = await server.call('tokens', { identities: ['me'] });
    const client = await Client.create(token, { url, messageCacheSize: WINDOW });
    let received = 0;
    client.messageAdded$.subscribe((message) => {
      if (typeof message.body === 'string') received++;
    });
    const checkpoints: number[] = [];
    for (let sent = 0; sent < SESSION.messages; sent += SESSION.every) {
      const { head } = await server.call('pump', {
        identity: 'bot',
        conversationSids,
        count: SESSION.every,
        window: 64,
        bodyBytes: 100
      });
      await firstValueFrom(
        client.state$.pipe(
          filter((state) => state.session.position >= head),
          timeout(120_000)
        )
      );
      checkpoints.push(heap());
    }
    // events are emitted in the task after the batch that holds them: let the last ones out
    const deadline = Date.now() + 10_000;
    while (received < SESSION.messages && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    let held = 0;
    for (const window of Object.values(client.getState().messages)) held += window.size;
    await client.shutdown();
    if (received !== SESSION.messages)
      throw new Error(`memory: the client saw ${received} of ${SESSION.messages} messages`);
    const first = checkpoints[0];
    const last = checkpoints[checkpoints.length - 1];
    record({
      benchmark: 'memory',
      params: {
        measure: 'heap after a long session',
        messages: SESSION.messages,
        conversations: SESSION.conversations,
        messageCacheSize: WINDOW,
        held,
        checkpointsMB: checkpoints.map((bytes) => (bytes / MB).toFixed(1)).join(' ')
      },
      value: last / MB,
      unit: 'MB',
      floor: first / MB,
      goal: 'bounded: last checkpoint ≤ first + 25 % (+ 4 MB)',
      met: last <= first * 1.25 + 4 * MB
    });
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rx-bench-memory-'));
  try {
    await perMessage(dir);
    await longSession(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

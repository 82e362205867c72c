/**
 * cold-start (issue 6, item 3): a user in C conversations (1,000 and 10,000), each with 10
 * participants and 20 messages, the read horizon set in two thirds of them. Timed: from
 * `new Client(...)` (through `Client.create`) to initialized, then the sorted conversation list
 * read from the store (`selectConversations`), each entry with its last-message preview and
 * unread count — checked against the server's list after the clock stops.
 *
 * The floor: the same list over a bare socket — connect, handshake, the same paged
 * `listMyConversations` requests, JSON.parse only.
 *
 * The server (default options, a database file seeded through its storage) runs in its own
 * process; the client here. Medians of RUNS runs, library and floor interleaved.
 *
 * Run: `npx tsx bench/cold-start.ts [--quick] [--only library|floor] [--size 1000]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, LIMITS, selectConversations, type ConversationEntry } from '../lib/client';
import { collectGarbage, flagValue, hasFlag, median } from './lib/measure';
import { RawSocket } from './lib/raw-socket';
import { printTable, record } from './lib/report';
import { seed } from './lib/seed';
import { Worker } from './lib/worker';
import type { methods as ServerMethods } from './workers/server';

const quick = hasFlag('--quick');
const only = flagValue('--only');
const onlySize = flagValue('--size');
const SIZES = onlySize ? [Number(onlySize)] : quick ? [200] : [1_000, 10_000];
const RUNS = quick ? 2 : 5;
const PARTICIPANTS = 10;
const MESSAGES = 20;
const GOAL_SIZE = 1_000;
const GOAL_MS = 300;

interface ListItem {
  conversation: { sid: string; lastMessage: { index: number; body: string | null } | null };
  unreadCount: number | null;
}

/** The horizon of the user in conversation c: never set, at the end, or ten messages back. */
const readIndex = (c: number) => (c % 3 === 0 ? null : c % 3 === 1 ? MESSAGES - 1 : MESSAGES - 11);
/** Nine other members of conversation c, from a pool of 500 users. */
const members = (c: number) => [
  'me',
  ...Array.from({ length: PARTICIPANTS - 1 }, (_, k) => `user${(c * 7 + k * 53) % 500}`)
];

async function floorRun(url: string, token: string): Promise<{ ms: number; items: ListItem[] }> {
  const start = performance.now();
  const socket = await RawSocket.connect(url, token);
  const items: ListItem[] = [];
  let cursor: string | null = null;
  do {
    const reply = await socket.request('listMyConversations', {
      cursor,
      pageSize: LIMITS.defaultConversationsPageSize
    });
    const page = reply.result as { items: ListItem[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  const ms = performance.now() - start;
  await socket.close();
  return { ms, items };
}

async function libraryRun(token: string): Promise<{ ms: number; list: readonly ConversationEntry[] }> {
  const start = performance.now();
  const client = await Client.create(token);
  const list = selectConversations(client.getState());
  const ms = performance.now() - start;
  await client.shutdown();
  return { ms, list };
}

/** The library's list must be the server's: same conversations in the same order, same previews and unread counts. */
function check(list: readonly ConversationEntry[], items: readonly ListItem[], size: number): void {
  if (list.length !== size || items.length !== size)
    throw new Error(`cold-start: ${list.length} conversations in the store, ${items.length} listed, ${size} seeded`);
  for (let i = 0; i < size; i++) {
    const entry = list[i];
    const item = items[i];
    if (entry.data.sid !== item.conversation.sid)
      throw new Error(`cold-start: conversation ${i} is ${entry.data.sid}, the server lists ${item.conversation.sid}`);
    if (
      entry.data.lastMessage?.index !== item.conversation.lastMessage?.index ||
      entry.data.lastMessage?.body !== item.conversation.lastMessage?.body
    ) {
      throw new Error(`cold-start: the preview of ${entry.data.sid} differs`);
    }
    if (entry.unreadCount !== item.unreadCount)
      throw new Error(`cold-start: the unread count of ${entry.data.sid} differs`);
  }
}

async function measure(size: number, dir: string): Promise<void> {
  const database = join(dir, `cold-start-${size}.db`);
  await seed({ path: database, conversations: size, members, messages: MESSAGES, readIndex });
  const server = Worker.start<typeof ServerMethods>('server');
  try {
    const { url } = await server.call('start', { database });
    const [token] = await server.call('tokens', { identities: ['me'] });
    const times = { library: [] as number[], floor: [] as number[] };
    let reference: ListItem[] = (await floorRun(url, token)).items;
    for (let run = -1; run < RUNS; run++) {
      collectGarbage();
      if (only !== 'library') {
        const floor = await floorRun(url, token);
        reference = floor.items;
        if (run >= 0) times.floor.push(floor.ms);
      }
      collectGarbage();
      if (only !== 'floor') {
        const library = await libraryRun(token);
        check(library.list, reference, size);
        if (run >= 0) times.library.push(library.ms);
      }
    }
    const params = { conversations: size, participantsEach: PARTICIPANTS, messagesEach: MESSAGES, runs: RUNS };
    if (times.library.length === 0) {
      record({
        benchmark: 'cold-start',
        params: { ...params, variant: 'floor only' },
        value: median(times.floor),
        unit: 'ms'
      });
      return;
    }
    const goal =
      size === GOAL_SIZE ? `≤ ${GOAL_MS} ms` : size > GOAL_SIZE ? 'works (whole list, sorted, checked)' : null;
    const paired = times.floor.length === times.library.length;
    record({
      benchmark: 'cold-start',
      params,
      unit: 'ms',
      ...(paired
        ? { runs: times.library.map((value, i) => ({ value, floor: times.floor[i] })) }
        : { value: median(times.library), floor: null }),
      goal,
      // every run was checked against the server's list (a failed check throws); the goal's size is timed
      meets: goal === null ? undefined : (value) => size !== GOAL_SIZE || value <= GOAL_MS,
      met: goal === null ? null : size === GOAL_SIZE ? median(times.library) <= GOAL_MS : true
    });
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rx-bench-cold-start-'));
  try {
    for (const size of SIZES) await measure(size, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

/**
 * catch-up (issue 6, item 4): a user in 100 conversations (5 participants, 20 messages each) is
 * offline while E = 10,000 messages are sent into them. Timed: from the moment its reconnection
 * reaches the server (a loopback gate between them accepts it) to a store that equals a fresh
 * client's — the same conversations, each with the same last message, messagesCount and unread
 * count — the comparison made on every state the store publishes.
 *
 * The floor: a bare socket resuming from the same position and receiving the replay, not decoded
 * (the clock stops on the frame that holds the newest seq).
 *
 * The server runs in its own process (durability `normal`, only to make the 10,000 sends of each
 * run quick: it does not touch the replay); the client here. Medians of RUNS runs.
 *
 * Run: `npx tsx bench/catch-up.ts [--quick] [--only library|floor]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, map, timeout } from 'rxjs';
import { Client, type StoreState } from '../lib/client';
import { Gate } from './lib/gate';
import { collectGarbage, flagValue, hasFlag, median } from './lib/measure';
import { RawSocket } from './lib/raw-socket';
import { printTable, record } from './lib/report';
import { seed } from './lib/seed';
import { Worker } from './lib/worker';
import type { methods as ServerMethods } from './workers/server';

const quick = hasFlag('--quick');
const only = flagValue('--only');
const CONVERSATIONS = 100;
const EVENTS = quick ? 1_000 : 10_000;
const RUNS = quick ? 1 : 5;
const GOAL_MS = 1000;
const OFFLINE = { reconnect: { minDelayMs: 20, maxDelayMs: 50, jitter: 0 } };

/** What a conversation list must agree on, as one comparable string. */
function summary(state: StoreState): string {
  return Object.values(state.conversations)
    .map((entry) => `${entry.data.sid}:${entry.data.lastMessage?.sid}:${entry.data.messagesCount}:${entry.unreadCount}`)
    .sort()
    .join('\n');
}

async function floorRun(url: string, token: string, from: number, head: number): Promise<number> {
  const last = `"seq":${head},`;
  const start = performance.now();
  let done = () => undefined as void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const socket = await RawSocket.connect(url, token, from, (text) => {
    if (text.includes(last)) done();
  });
  await finished;
  const ms = performance.now() - start;
  await socket.close();
  return ms;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rx-bench-catch-up-'));
  const database = join(dir, 'catch-up.db');
  const members = (c: number) => ['me', 'bot', `user${c % 40}`, `user${(c + 13) % 40}`, `user${(c + 27) % 40}`];
  const { conversationSids } = await seed({
    path: database,
    conversations: CONVERSATIONS,
    members,
    messages: 20,
    readIndex: (c) => (c % 2 === 0 ? 19 : null)
  });
  const server = Worker.start<typeof ServerMethods>('server');
  const times = { library: [] as number[], floor: [] as number[] };
  try {
    const { url, port } = await server.call('start', { database, durability: 'normal' });
    const [token] = await server.call('tokens', { identities: ['me'] });
    const gate = await Gate.start({ host: '127.0.0.1', port });
    try {
      for (let run = -1; run < RUNS; run++) {
        collectGarbage();
        gate.open();
        const client = await Client.create(token, { url: gate.url(url), ...OFFLINE });
        gate.shut();
        await firstValueFrom(client.connectionStateChanged$.pipe(filter((state) => state !== 'connected')));
        const from = client.getState().session.position;
        const { head } = await server.call('pump', {
          identity: 'bot',
          conversationSids,
          count: EVENTS,
          window: 64,
          bodyBytes: 100
        });
        const fresh = await Client.create(token);
        const expected = summary(fresh.getState());
        await fresh.shutdown();
        collectGarbage();
        if (only !== 'library') {
          const ms = await floorRun(url, token, from, head);
          if (run >= 0) times.floor.push(ms);
        }
        collectGarbage();
        if (only !== 'floor') {
          const caughtUp = firstValueFrom(
            client.state$.pipe(
              filter((state) => state.session.position >= head && summary(state) === expected),
              map(() => performance.now()),
              timeout(60_000)
            )
          );
          gate.open();
          const at = await caughtUp;
          if (run >= 0) times.library.push(at - gate.acceptedAt);
        }
        await client.shutdown();
      }
    } finally {
      await gate.close();
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const params = { conversations: CONVERSATIONS, events: EVENTS, runs: RUNS };
  if (times.library.length === 0) {
    record({
      benchmark: 'catch-up',
      params: { ...params, variant: 'floor only' },
      value: median(times.floor),
      unit: 'ms'
    });
  } else {
    const paired = times.floor.length === times.library.length;
    record({
      benchmark: 'catch-up',
      params,
      unit: 'ms',
      ...(paired
        ? { runs: times.library.map((value, i) => ({ value, floor: times.floor[i] })) }
        : { value: median(times.library), floor: null }),
      goal: quick ? null : `≤ ${GOAL_MS} ms`,
      meets: quick ? undefined : (value) => value <= GOAL_MS,
      met: quick ? null : median(times.library) <= GOAL_MS
    });
  }
  printTable();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

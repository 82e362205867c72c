/**
 * connections (issue 17, the capacity model): what one connected session costs a server process.
 * The real server (`startServer`, default options, a database file) runs in its own process; this
 * one opens COUNT sessions to it (each a WebSocket that handshakes as its own identity, a member of
 * one conversation), idle. The server's memory after a full collection, before and after, divided
 * by COUNT: heap (JavaScript objects: session, hub subscriptions, rate limiter) and RSS (the whole
 * process: socket buffers, `ws` and the kernel's share it is charged for). Medians of RUNS runs.
 *
 * Run: `node --import tsx --expose-gc bench/connections.ts [--quick]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasFlag, median } from './lib/measure';
import { RawSocket } from './lib/raw-socket';
import { printTable, record } from './lib/report';
import { seed } from './lib/seed';
import { Worker } from './lib/worker';
import type { methods as ServerMethods } from './workers/server';

const quick = hasFlag('--quick');
const COUNT = quick ? 200 : 2000;
const RUNS = quick ? 1 : 3;
/** Handshakes in flight at once while connecting. */
const OPENING = 50;

async function once(): Promise<{ heap: number; rss: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'rxc-bench-connections-'));
  const database = join(dir, 'bench.db');
  const identities = Array.from({ length: COUNT }, (_, i) => `u${i}`);
  await seed({ path: database, conversations: COUNT, members: (c) => [identities[c]], messages: 0 });
  const server = Worker.start<typeof ServerMethods>('server', ['--expose-gc']);
  const sockets: RawSocket[] = [];
  try {
    const { url } = await server.call('start', { database });
    const tokens = await server.call('tokens', { identities });
    const before = await server.call('memory');
    for (let i = 0; i < COUNT; i += OPENING) {
      sockets.push(...(await Promise.all(tokens.slice(i, i + OPENING).map((token) => RawSocket.connect(url, token)))));
    }
    const after = await server.call('memory');
    return { heap: (after.heapUsed - before.heapUsed) / COUNT, rss: (after.rss - before.rss) / COUNT };
  } finally {
    await Promise.all(sockets.map((socket) => socket.close()));
    await server.call('close');
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const runs: { heap: number; rss: number }[] = [];
  for (let run = 0; run < RUNS; run++) runs.push(await once());
  const params = { sessions: COUNT, runs: RUNS, state: 'idle, one conversation each' };
  record({
    benchmark: 'connections',
    params: { ...params, measure: 'server heap per session' },
    value: median(runs.map((r) => r.heap)),
    unit: 'B'
  });
  record({
    benchmark: 'connections',
    params: { ...params, measure: 'server RSS per session' },
    value: median(runs.map((r) => r.rss)),
    unit: 'B'
  });
  printTable();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);

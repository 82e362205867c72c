/**
 * latency (issue 15): send-to-screen latency as one user feels it, with N receivers in the
 * conversation. The probe is one full client (transport, codecs, store, model; a delivery counts
 * when its `messageAdded$` emits) in a process of its own, while the other N−1 receivers are bare
 * protocol sockets in another process — so the probe waits for no other client's work, only for
 * the server's. The floor: the same with the `ws` relay (every frame to every socket), a bare
 * socket as its probe. Beside them, at the same rate, the durable commit alone: one single-row
 * INSERT per transaction into an SQLite file opened as the server opens its own (WAL,
 * `synchronous = FULL`) — what a durable server spends before it may acknowledge.
 *
 * The rate: half the slower side's saturated rate, a load both carry. Each run is a steady round of
 * the floor, then of the library, then of the commits (interleaved); figures are medians of the
 * runs, ratios with their spread, and a goal is met when three runs in four meet it.
 *
 * Goals: at N = 100 the probe's p99 ≤ 2× the relay's p99 + a durable commit's p99; at N = 1 the
 * probe's p50 ≤ the relay's p50 + a durable commit's p50.
 *
 * Run: `npx tsx bench/latency.ts [--quick] [--n 100] [--runs 5]`. Profile the server with
 * `BENCH_WORKER_FLAGS="--cpu-prof --cpu-prof-dir=prof" npx tsx bench/latency.ts --n 100`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flagValue, hasFlag, median } from './lib/measure';
import { type PairedRun, printTable, record } from './lib/report';
import { oneConversation } from './lib/one-conversation';
import { eventFrameBytes, librarySender, now, rawSender, saturate, type Sender, steady } from './lib/senders';
import { Worker } from './lib/worker';
import type { methods as CommitMethods } from './workers/commits';
import type { methods as ReceiverMethods } from './workers/receivers';
import type { methods as RelayMethods } from './workers/relay';

const quick = hasFlag('--quick');
const onlyN = flagValue('--n');
const SIZES = onlyN !== undefined ? [Number(onlyN)] : quick ? [1, 10] : [1, 100];
const RUNS = Number(flagValue('--runs') ?? (quick ? 1 : 5));
const WINDOW = 64;
const SATURATE = quick ? 200 : 600;
/**
 * A steady round's length: long enough that a run's p99 is not one or two late messages (at
 * N = 100, 2.5 s gave about 1,000 messages, a p99 of the 10 latest, and per-run ratios from 0.6 to 3.1).
 */
const STEADY_MS = quick ? 1000 : 6000;
const STEADY_MAX = quick ? 500 : 6000;
const BODY = 'A message body of one hundred bytes, as chat messages often are: short, plain, and to the point....';

type Receivers = Worker<typeof ReceiverMethods>;

/** One side: the probe, the other receivers (none when N = 1), the sender. */
interface Side {
  probe: Receivers;
  others: Receivers | null;
  sender: Sender;
  stop(): Promise<void>;
}

interface Probe {
  p50: number;
  p99: number;
}

async function librarySide(n: number, dir: string): Promise<Side> {
  const scene = await oneConversation(n, dir, `latency-${n}`);
  const [probeToken, ...tokens] = scene.receiverTokens;
  const probe = Worker.start<typeof ReceiverMethods>('receivers');
  await probe.call('connect', { mode: 'library', tokens: [probeToken] });
  const others = tokens.length > 0 ? Worker.start<typeof ReceiverMethods>('receivers') : null;
  await others?.call('connect', { mode: 'light', url: scene.url, tokens });
  return side(probe, others, await librarySender(scene.senderToken, scene.conversationSid, BODY), scene.server);
}

async function floorSide(n: number): Promise<Side> {
  const relay = Worker.start<typeof RelayMethods>('relay');
  const { url } = await relay.call('start');
  const probe = Worker.start<typeof ReceiverMethods>('receivers');
  await probe.call('connect', { mode: 'raw', url, n: 1 });
  const others = n > 1 ? Worker.start<typeof ReceiverMethods>('receivers') : null;
  await others?.call('connect', { mode: 'raw', url, n: n - 1 });
  return side(probe, others, await rawSender(url, eventFrameBytes(BODY)), relay);
}

/** A side whose stop closes the sender, then the receivers, then what they talk to. */
function side(probe: Receivers, others: Receivers | null, sender: Sender, host: { stop(): Promise<void> }): Side {
  return {
    probe,
    others,
    sender,
    async stop() {
      await sender.close();
      await Promise.all([probe.stop(), others?.stop()]);
      await host.stop();
    }
  };
}

/** One round: `send` sends `count` messages; answers messages/s until the last delivery, and the probe's latencies. */
async function round(side: Side, count: number, send: () => Promise<unknown>): Promise<Probe & { rate: number }> {
  const workers = side.others ? [side.probe, side.others] : [side.probe];
  await Promise.all(workers.map((worker) => worker.call('begin', { perReceiver: count })));
  const start = now();
  await send();
  const [probe, others] = await Promise.all(workers.map((worker) => worker.call('end', { timeoutMs: 120_000 })));
  for (const end of [probe, others]) {
    if (end && !end.complete)
      throw new Error(`latency: ${end.short} receivers short of ${count} messages (${end.reconnects} reconnections)`);
  }
  const lastAt = Math.max(probe.lastAt, others?.lastAt ?? 0);
  return { rate: (count / (lastAt - start)) * 1000, p50: probe.p50, p99: probe.p99 };
}

async function measure(n: number, dir: string, commits: Worker<typeof CommitMethods>): Promise<void> {
  const library = await librarySide(n, dir);
  const floor = await floorSide(n);
  try {
    const floorRate = (await round(floor, SATURATE, () => saturate(floor.sender, SATURATE, WINDOW))).rate;
    const libraryRate = (await round(library, SATURATE, () => saturate(library.sender, SATURATE, WINDOW))).rate;
    const perSecond = Math.max(1, Math.min(floorRate, libraryRate) / 2);
    const count = Math.max(1, Math.min(STEADY_MAX, Math.round((perSecond * STEADY_MS) / 1000)));
    const ms = (count / perSecond) * 1000;
    const rounds = { floor: [] as Probe[], library: [] as Probe[], commit: [] as Probe[] };
    for (let run = 0; run < RUNS; run++) {
      rounds.floor.push(await round(floor, count, () => steady(floor.sender, perSecond, ms, 250)));
      rounds.library.push(await round(library, count, () => steady(library.sender, perSecond, ms, 250)));
      rounds.commit.push(await commits.call('commit', { perSecond, count, bodyBytes: BODY.length }));
    }
    report(n, Math.round(perSecond), count, rounds);
  } finally {
    await library.stop();
    await floor.stop();
  }
}

function report(n: number, perSecond: number, count: number, rounds: Record<'floor' | 'library' | 'commit', Probe[]>) {
  const base = { N: n, runs: RUNS, load: 'steady', messagesPerSecond: perSecond, messages: count };
  const paired = (value: (i: number) => number, floor: (i: number) => number): PairedRun[] =>
    rounds.library.map((_, i) => ({ value: value(i), floor: floor(i) }));
  const { floor, library, commit } = rounds;
  record({
    benchmark: 'latency',
    params: { ...base, measure: 'probe p50', against: 'relay p50 + durable commit p50' },
    unit: 'ms',
    runs: paired(
      (i) => library[i].p50,
      (i) => floor[i].p50 + commit[i].p50
    ),
    goal: n === 1 ? '≤ the relay’s p50 + a durable commit’s p50' : null,
    meets: n === 1 ? (value, bound) => value <= bound : undefined
  });
  record({
    benchmark: 'latency',
    params: { ...base, measure: 'probe p99', against: '2× relay p99 + durable commit p99' },
    unit: 'ms',
    runs: paired(
      (i) => library[i].p99,
      (i) => 2 * floor[i].p99 + commit[i].p99
    ),
    goal: n === 100 ? '≤ 2× the relay’s p99 + a durable commit’s p99' : null,
    meets: n === 100 ? (value, bound) => value <= bound : undefined
  });
  for (const [part, of] of [
    ['relay probe', floor],
    ['durable commit', commit]
  ] as const) {
    for (const q of ['p50', 'p99'] as const)
      record({
        benchmark: 'latency',
        params: { ...base, measure: `${part} ${q}` },
        unit: 'ms',
        value: median(of.map((r) => r[q]))
      });
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rx-bench-latency-'));
  const commits = Worker.start<typeof CommitMethods>('commits');
  try {
    await commits.call('open', { path: join(dir, 'commits.db') });
    for (const n of SIZES) await measure(n, dir, commits);
  } finally {
    await commits.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  printTable();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

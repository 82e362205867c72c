/**
 * fan-out (issue 6, item 2): one sender, N receivers in one conversation.
 *
 *   - the library: the real server (`startServer`, default durability, a database file) in its own
 *     process; N full clients (store included) in a second process; the sender, a full client, in
 *     this one. A delivery counts when a receiver's `messageAdded$` emits the message.
 *   - the floor: a minimal `ws` relay in its own process (every frame to every socket); N bare
 *     sockets in a second process, counting frames; a bare sender here; frames of the same size as
 *     the server's `messageAdded` event frame.
 *
 * Per N: deliveries/s at saturation (the sender keeps WINDOW messages unacknowledged) and the
 * p50/p99 send-to-store latency, then the latency at a steady rate of half the floor's saturated
 * rate (the goal's row), and — when the library saturates below the floor — at half the library's
 * saturated rate too, a load both sides carry, so that neither latency is a queue's. Medians of
 * the runs (3, and 7 at N = 100), library and floor interleaved. Goals at N = 100: deliveries/s
 * ≥ 1/2 of the floor, the steady p99 ≤ 2× the floor's, and the receivers' CPU per delivery ≤ 1.5×
 * the floor's (both loads).
 *
 * Run: `npx tsx bench/fan-out.ts [--quick] [--n 100] [--only library|floor] [--runs 3]`. Profile the
 * processes with `BENCH_WORKER_FLAGS="--cpu-prof --cpu-prof-dir=prof" npx tsx bench/fan-out.ts --n 100 --only library`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flagValue, hasFlag, median } from './lib/measure';
import { printTable, record } from './lib/report';
import { oneConversation } from './lib/one-conversation';
import { eventFrameBytes, librarySender, now, rawSender, saturate, type Sender, steady } from './lib/senders';
import { Worker } from './lib/worker';
import type { methods as ReceiverMethods } from './workers/receivers';
import type { methods as RelayMethods } from './workers/relay';

const quick = hasFlag('--quick');
const onlyN = flagValue('--n');
const only = flagValue('--only') as 'library' | 'floor' | undefined;
const SIZES = quick ? [1, 10] : [1, 10, 100, 500];
const WINDOW = 64;
const STEADY_MS = quick ? 1000 : 2500;
/** Most messages in one steady round (at high rates it lasts less than STEADY_MS). */
const STEADY_MAX = quick ? 500 : 4000;
const GOAL_N = 100;
const RUNS_FLAG = flagValue('--runs');
/**
 * Runs per size: 3, and 7 at the judged size, where a goal is met only when the worse quartile of
 * the runs meets it — of 3 runs that quartile is the worst run (nearest rank), of 7 the second worst.
 */
function runsAt(n: number): number {
  if (RUNS_FLAG !== undefined) return Number(RUNS_FLAG);
  if (quick) return 1;
  return n === GOAL_N ? 7 : 3;
}
/** Issue 15: a full client's CPU per delivery against a bare `ws` socket's that only counts frames. */
const RECEIVER_CPU = { text: '≤ 1.5× the floor', met: (v: number, f: number) => v <= f * 1.5 };
const BODY = 'A message body of one hundred bytes, as chat messages often are: short, plain, and to the point....';

/** Messages per run for N receivers: enough deliveries to time, bounded in time. */
const messagesFor = (n: number) => (quick ? 200 : Math.min(4000, Math.max(400, Math.ceil(200_000 / n))));

type Receivers = Worker<typeof ReceiverMethods>;
interface Round {
  deliveries: number;
  rate: number;
  p50: number;
  p99: number;
  cpu: number;
}
interface Side {
  receivers: Receivers;
  sender: Sender;
  stop(): Promise<void>;
}

async function librarySide(n: number, dir: string): Promise<Side> {
  const {
    server,
    conversationSid,
    senderToken,
    receiverTokens: tokens
  } = await oneConversation(n, dir, `fan-out-${n}`);
  const receivers = Worker.start<typeof ReceiverMethods>('receivers');
  await receivers.call('connect', { mode: 'library', tokens });
  const sender = await librarySender(senderToken, conversationSid, BODY);
  return {
    receivers,
    sender,
    async stop() {
      await sender.close();
      await receivers.stop();
      await server.stop();
    }
  };
}

async function floorSide(n: number): Promise<Side> {
  const relay = Worker.start<typeof RelayMethods>('relay');
  const { url } = await relay.call('start');
  const receivers = Worker.start<typeof ReceiverMethods>('receivers');
  await receivers.call('connect', { mode: 'raw', url, n });
  const sender = await rawSender(url, eventFrameBytes(BODY));
  return {
    receivers,
    sender,
    async stop() {
      await sender.close();
      await receivers.stop();
      await relay.stop();
    }
  };
}

/**
 * One round: `send` sends `count` messages; answers deliveries/s from the first send to the last
 * delivery, and latencies.
 */
async function round(side: Side, n: number, count: number, send: () => Promise<unknown>): Promise<Round> {
  await side.receivers.call('begin', { perReceiver: count });
  const start = now();
  await send();
  const end = await side.receivers.call('end', { timeoutMs: 120_000 });
  if (!end.complete)
    throw new Error(
      `fan-out: only ${end.deliveries} of ${n * count} deliveries arrived ` +
        `(${end.short} receivers short, ${end.reconnects} reconnections)`
    );
  return {
    deliveries: end.deliveries,
    rate: (end.deliveries / (end.lastAt - start)) * 1000,
    p50: end.p50,
    p99: end.p99,
    cpu: end.cpuPerDelivery
  };
}

const med = (rounds: Round[], key: keyof Round) => median(rounds.map((r) => r[key]));

/** Messages in one steady round at `perSecond`. */
const steadyCount = (perSecond: number) =>
  Math.max(1, Math.min(STEADY_MAX, Math.round((perSecond * STEADY_MS) / 1000)));

/** `runsAt(n)` rounds of each side at a steady `perSecond`, interleaved, into `into`. */
async function steadyRounds(
  library: Side | null,
  floor: Side | null,
  n: number,
  perSecond: number,
  into: Record<'library' | 'floor', Round[]>
): Promise<void> {
  for (let run = 0; run < runsAt(n); run++) {
    const count = steadyCount(perSecond);
    const ms = (count / perSecond) * 1000;
    const f = floor && (await round(floor, n, count, () => steady(floor.sender, perSecond, ms, 250)));
    const l = library && (await round(library, n, count, () => steady(library.sender, perSecond, ms, 250)));
    if (f) into.floor.push(f);
    if (l) into.library.push(l);
  }
}

async function measure(n: number, dir: string): Promise<void> {
  const m = messagesFor(n);
  const library = only === 'floor' ? null : await librarySide(n, dir);
  const floor = only === 'library' ? null : await floorSide(n);
  try {
    const sat = { library: [] as Round[], floor: [] as Round[] };
    const calm = { library: [] as Round[], floor: [] as Round[] };
    const carried = { library: [] as Round[], floor: [] as Round[] };
    for (let run = -1; run < runsAt(n); run++) {
      const count = run < 0 ? Math.min(m, 200) : m;
      const f = floor && (await round(floor, n, count, () => saturate(floor.sender, count, WINDOW)));
      const l = library && (await round(library, n, count, () => saturate(library.sender, count, WINDOW)));
      if (run < 0) continue;
      if (f) sat.floor.push(f);
      if (l) sat.library.push(l);
    }
    // half the floor's saturated rate (the library's own when the floor is not run)
    const reference = sat.floor.length > 0 ? med(sat.floor, 'rate') : med(sat.library, 'rate');
    const perSecond = Math.max(1, (reference * 0.5) / n);
    await steadyRounds(library, floor, n, perSecond, calm);
    // half the slower side's saturated rate: a load both carry, so that neither latency is a queue's
    const slower =
      sat.floor.length > 0 && sat.library.length > 0
        ? Math.min(med(sat.floor, 'rate'), med(sat.library, 'rate'))
        : reference;
    const sharedPerSecond = Math.max(1, (slower * 0.5) / n);
    if (sharedPerSecond < perSecond * 0.95) await steadyRounds(library, floor, n, sharedPerSecond, carried);
    report(n, m, sat, calm, perSecond, carried, sharedPerSecond);
  } finally {
    await library?.stop();
    await floor?.stop();
  }
}

function report(
  n: number,
  m: number,
  sat: Record<'library' | 'floor', Round[]>,
  calm: Record<'library' | 'floor', Round[]>,
  perSecond: number,
  carried: Record<'library' | 'floor', Round[]>,
  sharedPerSecond: number
): void {
  const base = { N: n, runs: runsAt(n) };
  const hasBoth = sat.library.length > 0 && sat.floor.length > 0;
  const goalHere = n === GOAL_N && hasBoth;
  /** A row of `key`: the library's runs paired with the floor's (interleaved), or one side's alone. */
  const row = (
    params: Record<string, string | number>,
    unit: string,
    key: keyof Round,
    rounds: Record<'library' | 'floor', Round[]>,
    goal?: { text: string; met: (v: number, f: number) => boolean }
  ) => {
    const { library, floor } = rounds;
    if (library.length === 0 && floor.length === 0) return;
    const paired = library.length > 0 && library.length === floor.length;
    record({
      benchmark: 'fan-out',
      params: library.length === 0 ? { ...base, ...params, variant: 'floor only' } : { ...base, ...params },
      unit,
      ...(paired
        ? { runs: library.map((round, i) => ({ value: round[key], floor: floor[i][key] })) }
        : { value: med(library.length > 0 ? library : floor, key), floor: null }),
      goal: goalHere && goal ? goal.text : null,
      meets: goalHere && goal ? goal.met : undefined
    });
  };
  row({ measure: 'deliveries/s', load: 'saturated', messages: m, window: WINDOW }, 'deliveries/s', 'rate', sat, {
    text: '≥ 1/2 of the floor',
    met: (v, f) => v >= f / 2
  });
  row(
    { measure: 'receiver CPU per delivery', load: 'saturated', messages: m, window: WINDOW },
    'µs',
    'cpu',
    sat,
    RECEIVER_CPU
  );
  row({ measure: 'p50 latency', load: 'saturated', messages: m, window: WINDOW }, 'ms', 'p50', sat);
  row({ measure: 'p99 latency', load: 'saturated', messages: m, window: WINDOW }, 'ms', 'p99', sat);
  const steadyParams = { load: 'steady', messagesPerSecond: Math.round(perSecond), messages: steadyCount(perSecond) };
  row({ measure: 'p50 latency', ...steadyParams }, 'ms', 'p50', calm);
  row({ measure: 'p99 latency', ...steadyParams }, 'ms', 'p99', calm, {
    text: '≤ 2× the floor',
    met: (v, f) => v <= f * 2
  });
  row({ measure: 'deliveries/s', ...steadyParams }, 'deliveries/s', 'rate', calm);
  row({ measure: 'receiver CPU per delivery', ...steadyParams }, 'µs', 'cpu', calm, RECEIVER_CPU);
  const carriedParams = {
    load: 'steady, half the slower side',
    messagesPerSecond: Math.round(sharedPerSecond),
    messages: steadyCount(sharedPerSecond)
  };
  row({ measure: 'p50 latency', ...carriedParams }, 'ms', 'p50', carried);
  row({ measure: 'p99 latency', ...carriedParams }, 'ms', 'p99', carried);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rx-bench-fan-out-'));
  try {
    for (const n of onlyN === undefined ? SIZES : [Number(onlyN)]) await measure(n, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

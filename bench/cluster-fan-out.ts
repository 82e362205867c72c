/**
 * cluster-fan-out (issues 8 and 17): one sender, N receivers in one conversation, served by one server
 * process or by three (`rx-conversations serve` processes on one PostgreSQL database and one NATS
 * JetStream bus in both cases: the same clients and the same traffic). With three, receiver i
 * connects to node i mod 3 and the sender to node 0, so two thirds of the deliveries cross NATS.
 *
 * Per N and topology: deliveries/s at saturation (the sender keeps WINDOW messages
 * unacknowledged), p50/p99 send-to-store latency (a delivery counts when the receiver's full
 * client emits `messageAdded$`). Medians of RUNS runs; a fresh database and NATS prefix per
 * topology. The 3-node figure's floor is the 1-node figure (ratio = 3 nodes / 1 node).
 *
 * Then the write path (issue 17): WRITERS senders spread over the nodes send as fast as their replies
 * come back (4 in flight each), first each in a conversation of its own, then all in one conversation
 * (whose message index orders them). Its floor, measured in the same run between the cluster rounds:
 * PostgreSQL's own commit rate with WRITERS connections, each committing one single-row INSERT per
 * transaction, as fast as it can. Ratios: sends/s over that floor, and 3 nodes over 1 node.
 *
 * Needs PostgreSQL and NATS (RXC_TEST_POSTGRES_URL, RXC_TEST_NATS_URL; defaults on 127.0.0.1).
 * Run: `npx tsx bench/cluster-fan-out.ts [--quick] [--n 100] [--only fan-out|writes] [--runs 3]`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { createTokenService } from '../lib/server/auth/tokens';
import { flagValue, hasFlag, median } from './lib/measure';
import { RawSocket, pump } from './lib/raw-socket';
import { printTable, record } from './lib/report';
import { librarySender, saturate } from './lib/senders';
import { Worker, extraFlags } from './lib/worker';
import type { methods as ReceiverMethods } from './workers/receivers';

const POSTGRES_URL = process.env.RXC_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NATS_URL = process.env.RXC_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const CLI = fileURLToPath(new URL('../lib/cli/index.ts', import.meta.url));

const quick = hasFlag('--quick');
const onlyN = flagValue('--n');
const SIZES = onlyN ? [Number(onlyN)] : quick ? [20] : [100, 300];
const RUNS = Number(flagValue('--runs') ?? (quick ? 1 : 3));
const only = flagValue('--only') as 'fan-out' | 'writes' | undefined;
const WINDOW = 8;
const BODY = 'A message body of one hundred bytes, as chat messages often are: short, plain, and to the point....';
const messagesFor = (n: number) => (quick ? 100 : Math.min(400, Math.max(100, Math.ceil(60_000 / n))));

const WRITERS = quick ? 6 : 30;
const WRITES_EACH = quick ? 20 : 60;
/** Transactions per connection of the floor: enough for it to last about as long as the sends. */
const FLOOR_EACH = quick ? 50 : 200;

interface Round {
  rate: number;
  p50: number;
  p99: number;
}

/** A database, a NATS prefix and `count` server processes on them. */
async function startNodes(count: number) {
  const database = `rxc_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  const prefix = database;
  const secret = randomBytes(24).toString('hex');
  const media = mkdtempSync(join(tmpdir(), 'rxc-bench-media-'));
  const children: ChildProcess[] = [];
  const start = () =>
    new Promise<string>((resolve, reject) => {
      const args = [
        'serve',
        '--port',
        '0',
        '--database',
        url.toString(),
        '--bus',
        NATS_URL,
        '--bus-prefix',
        prefix,
        '--secret',
        secret,
        '--media-dir',
        media
      ];
      const child = spawn(process.execPath, [...extraFlags(), '--import', 'tsx', CLI, ...args], {
        stdio: ['ignore', 'pipe', 'inherit']
      });
      children.push(child);
      let out = '';
      child.stdout?.on('data', (chunk) => {
        out += chunk;
        const match = /listening on (ws:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
    });
  const urls = [await start()];
  urls.push(...(await Promise.all(Array.from({ length: count - 1 }, start))));
  return {
    urls,
    databaseUrl: url.toString(),
    /** A token for `identity` that points its client at node `node`. */
    token: (identity: string, node: number) =>
      createTokenService({
        secret: new TextEncoder().encode(secret),
        url: () => urls[node],
        defaultTtlSeconds: 3600,
        maxTtlSeconds: 86400
      }).issue(identity),
    async stop() {
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(
        children.map(
          (child) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)))
        )
      );
      const drop = new pg.Client({ connectionString: POSTGRES_URL });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await drop.end();
      const nc = await connect({ servers: NATS_URL });
      await (await jetstreamManager(nc)).streams.delete(`${prefix}-events`).catch(() => undefined);
      await nc.close();
      rmSync(media, { recursive: true, force: true });
    }
  };
}

/** A running cluster. */
type Cluster = Awaited<ReturnType<typeof startNodes>>;

/** Rounds of saturated sends from node 0 to N receivers spread over `nodes` nodes. */
async function measure(n: number, nodes: number): Promise<Round[]> {
  const cluster = await startNodes(nodes);
  const receivers = Worker.start<typeof ReceiverMethods>('receivers');
  try {
    const ids = Array.from({ length: n }, (_, i) => `r${i}`);
    const owner = await RawSocket.connect(cluster.urls[0], await cluster.token('sender', 0));
    const created = (await owner.request('createConversation', { friendlyName: 'fan-out' })).result as {
      conversation: { sid: string };
    };
    const sid = created.conversation.sid;
    for (const identity of ids) await owner.request('addParticipant', { conversationSid: sid, identity });
    await owner.close();
    const tokens = await Promise.all(ids.map((identity, i) => cluster.token(identity, i % nodes)));
    await receivers.call('connect', { mode: 'library', tokens });
    const sender = await librarySender(await cluster.token('sender', 0), sid, BODY);
    const rounds: Round[] = [];
    const m = messagesFor(n);
    for (let run = -1; run < RUNS; run++) {
      const count = run < 0 ? Math.min(m, 100) : m;
      await receivers.call('begin', { perReceiver: count });
      const start = performance.timeOrigin + performance.now();
      await saturate(sender, count, WINDOW);
      const end = await receivers.call('end', { timeoutMs: 120_000 });
      if (!end.complete) throw new Error(`cluster-fan-out: only ${end.deliveries} of ${n * count} deliveries arrived`);
      if (run >= 0) rounds.push({ rate: (end.deliveries / (end.lastAt - start)) * 1000, p50: end.p50, p99: end.p99 });
    }
    await sender.close();
    return rounds;
  } finally {
    await receivers.stop();
    await cluster.stop();
  }
}

/** Sends/s of WRITERS senders spread over the nodes of `cluster`: each in a conversation of its own, or all in one. */
async function measureWrites(cluster: Cluster, shared: boolean): Promise<number> {
  const nodes = cluster.urls.length;
  const sockets = await Promise.all(
    Array.from({ length: WRITERS }, async (_, i) =>
      RawSocket.connect(cluster.urls[i % nodes], await cluster.token(`w${i}`, i % nodes))
    )
  );
  const create = async (socket: RawSocket, name: string) =>
    ((await socket.request('createConversation', { friendlyName: name })).result as { conversation: { sid: string } })
      .conversation.sid;
  let sids: string[];
  if (shared) {
    const sid = await create(sockets[0], 'shared');
    for (let i = 1; i < WRITERS; i++)
      await sockets[0].request('addParticipant', { conversationSid: sid, identity: `w${i}` });
    sids = sockets.map(() => sid);
  } else {
    sids = await Promise.all(sockets.map((socket, i) => create(socket, `w${i}`)));
  }
  const start = performance.now();
  await Promise.all(sockets.map((socket, i) => pump(socket, [sids[i]], WRITES_EACH, 4, (k) => `${BODY} ${k}`)));
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(sockets.map((socket) => socket.close()));
  return (WRITERS * WRITES_EACH) / seconds;
}

/**
 * PostgreSQL's own commit rate, in the cluster's database: WRITERS connections, each committing
 * one single-row INSERT (a message-sized body) per transaction, one after another.
 */
async function measureFloor(cluster: Cluster): Promise<number> {
  const pool = new pg.Pool({ connectionString: cluster.databaseUrl, max: WRITERS });
  try {
    await pool.query('CREATE TABLE IF NOT EXISTS bench_floor (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)');
    const clients = await Promise.all(Array.from({ length: WRITERS }, () => pool.connect()));
    const start = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        for (let k = 0; k < FLOOR_EACH; k++) await client.query('INSERT INTO bench_floor (body) VALUES ($1)', [BODY]);
      })
    );
    const seconds = (performance.now() - start) / 1000;
    for (const client of clients) client.release();
    return (WRITERS * FLOOR_EACH) / seconds;
  } finally {
    await pool.end();
  }
}

async function fanOut(): Promise<void> {
  for (const n of SIZES) {
    const one = await measure(n, 1);
    const three = await measure(n, 3);
    const m = messagesFor(n);
    for (const [nodes, rounds] of [
      [1, one],
      [3, three]
    ] as const) {
      const base = { N: n, nodes, messages: m, runs: RUNS };
      const floor = nodes === 3 ? null : undefined;
      record({
        benchmark: 'cluster-fan-out',
        params: { ...base, figure: 'saturated' },
        value: median(rounds.map((r) => r.rate)),
        unit: 'deliveries/s',
        floor: floor === null ? median(one.map((r) => r.rate)) : null
      });
      record({
        benchmark: 'cluster-fan-out',
        params: { ...base, figure: 'p50 latency' },
        value: median(rounds.map((r) => r.p50)),
        unit: 'ms',
        floor: floor === null ? median(one.map((r) => r.p50)) : null
      });
      record({
        benchmark: 'cluster-fan-out',
        params: { ...base, figure: 'p99 latency' },
        value: median(rounds.map((r) => r.p99)),
        unit: 'ms',
        floor: floor === null ? median(one.map((r) => r.p99)) : null
      });
    }
  }
}

/** The write path against PostgreSQL's commit floor, measured in the same clusters, round by round. */
async function writes(): Promise<void> {
  const sends = {
    1: { own: [] as number[], shared: [] as number[] },
    3: { own: [] as number[], shared: [] as number[] }
  };
  const floors: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    for (const nodes of [1, 3] as const) {
      const cluster = await startNodes(nodes);
      try {
        floors.push(await measureFloor(cluster));
        sends[nodes].own.push(await measureWrites(cluster, false));
        sends[nodes].shared.push(await measureWrites(cluster, true));
        floors.push(await measureFloor(cluster));
      } finally {
        await cluster.stop();
      }
    }
  }
  const floor = median(floors);
  const base = { writers: WRITERS, sends: WRITERS * WRITES_EACH, runs: RUNS };
  record({
    benchmark: 'cluster-fan-out',
    params: { ...base, figure: 'PostgreSQL floor: one INSERT per transaction', spread: spread(floors) },
    value: floor,
    unit: 'commits/s'
  });
  for (const [key, label] of [
    ['own', 'sends, one conversation each'],
    ['shared', 'sends, all in one conversation']
  ] as const) {
    for (const nodes of [1, 3] as const) {
      const value = median(sends[nodes][key]);
      record({
        benchmark: 'cluster-fan-out',
        params: { ...base, nodes, figure: `${label} / floor`, spread: spread(sends[nodes][key]) },
        value,
        unit: 'sends/s',
        floor,
        goal: key === 'own' && nodes === 3 ? 'ratio ≥ 1/2' : null,
        met: key === 'own' && nodes === 3 ? value >= floor / 2 : null
      });
    }
    const one = median(sends[1][key]);
    const three = median(sends[3][key]);
    record({
      benchmark: 'cluster-fan-out',
      params: { ...base, nodes: 3, figure: `${label} / 1 node` },
      value: three,
      unit: 'sends/s',
      floor: one,
      goal: key === 'own' ? 'ratio ≥ 1' : null,
      met: key === 'own' ? three >= one : null
    });
  }
}

/** The lowest and highest of some figures, rounded: how far the runs spread. */
const spread = (values: readonly number[]) => `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`;

async function main(): Promise<void> {
  if (only !== 'writes') await fanOut();
  if (only !== 'fan-out') await writes();
  printTable();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);

/**
 * backend (issue 18): the server as a backend uses it, on the same server in the same run.
 *
 * - `rest-send`: messages sent through the REST API (`POST /v1/Conversations/{sid}/Messages`,
 *   keep-alive, 8 in flight) against the floor of the same messages sent over one WebSocket
 *   (8 in flight), interleaved run by run. Goal: REST ≥ 1/2 of the WebSocket's sends/s.
 * - `webhook-delivery`: post-event webhook calls (signed) delivered to a local receiver while
 *   messages are sent over the WebSocket (64 in flight, 50 conversations): calls received per
 *   second from the first send to the last call. Goal: ≥ 1,000 events/s.
 * - `pre-event`: a send's p50 latency (one at a time, over the WebSocket) with a pre-event webhook
 *   that allows every message, minus the receiver's own p50 time, against the same send without
 *   one. Goal: ≤ 2 ms more.
 *
 * The server runs in its own process (default options, rate limits off, an admin key); the
 * senders and the webhook receiver run here. Medians of RUNS runs.
 *
 * Run: `npx tsx bench/backend.ts [--quick] [--only rest-send|webhook-delivery|pre-event]`.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flagValue, hasFlag, median } from './lib/measure';
import { RawSocket, pump } from './lib/raw-socket';
import { printTable, record } from './lib/report';
import { percentile } from './lib/stats';
import { Worker } from './lib/worker';
import type { methods as ServerMethods } from './workers/server';

const quick = hasFlag('--quick');
const RUNS = quick ? 1 : 5;
const SENDS = quick ? 400 : 4000;
const IN_FLIGHT = 8;
const WEBHOOK_EVENTS = quick ? 500 : 5000;
const LATENCY_SENDS = quick ? 100 : 1000;
const KEY = 'bench-backend-admin-key';
const only = flagValue('--only');
const measuring = (measure: string): boolean => only === undefined || only === measure;

/** A local webhook receiver: answers 200 at once, counts calls, and times its own handling. */
interface Receiver {
  url: string;
  count(): number;
  handlingMs: number[];
  reset(): void;
  close(): Promise<void>;
}

/** A REST call with the admin key: the JSON answered, null for 204. */
type Rest = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown> | null>;

async function startReceiver(): Promise<Receiver> {
  let calls = 0;
  const handlingMs: number[] = [];
  const server: Server = createServer((req, res) => {
    const start = performance.now();
    req.on('data', () => undefined);
    req.on('end', () => {
      calls++;
      res.writeHead(200);
      res.end();
      handlingMs.push(performance.now() - start);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    count: () => calls,
    handlingMs,
    reset() {
      calls = 0;
      handlingMs.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rxc-bench-backend-'));
  const server = Worker.start<typeof ServerMethods>('server');
  const receiver = await startReceiver();
  try {
    const { url } = await server.call('start', { database: join(dir, 'bench.db'), adminKey: KEY });
    const api = `${await server.call('httpUrl')}/v1`;
    const rest: Rest = async (method, path, body) => {
      const response = await fetch(`${api}${path}`, {
        method,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response.status === 204 ? null : ((await response.json()) as Record<string, unknown>);
    };
    const conversations: string[] = [];
    for (let c = 0; c < 50; c++) {
      const sid = (await rest('POST', '/Conversations', { FriendlyName: `bench ${c}` }))?.sid as string;
      await rest('POST', `/Conversations/${sid}/Participants`, { Identity: 'sender' });
      conversations.push(sid);
    }
    const [token] = await server.call('tokens', { identities: ['sender'] });
    const socket = await RawSocket.connect(url, token);

    if (measuring('rest-send')) await restAgainstSocket(socket, rest, conversations);
    if (measuring('webhook-delivery')) await webhookDelivery(socket, rest, conversations, receiver);
    if (measuring('pre-event')) await preEvent(socket, rest, conversations, receiver);
    await socket.close();
  } finally {
    await receiver.close();
    await server.call('close').catch(() => undefined);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  printTable();
}

/** REST against the WebSocket, interleaved. */
async function restAgainstSocket(socket: RawSocket, rest: Rest, conversations: string[]): Promise<void> {
  const restRates: number[] = [];
  const wsRates: number[] = [];
  let n = 0;
  for (let run = 0; run < RUNS; run++) {
    const wsStart = performance.now();
    await pump(socket, conversations.slice(0, 8), SENDS, IN_FLIGHT, () => 'hello over the socket');
    wsRates.push(SENDS / ((performance.now() - wsStart) / 1000));
    const restStart = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < SENDS) {
          const i = next++;
          await rest('POST', `/Conversations/${conversations[i % 8]}/Messages`, {
            Author: 'sender',
            Body: `hello over REST ${n++}`
          });
        }
      })
    );
    restRates.push(SENDS / ((performance.now() - restStart) / 1000));
  }
  record({
    benchmark: 'backend',
    params: { measure: 'rest-send', inFlight: IN_FLIGHT, sends: SENDS },
    unit: 'sends/s',
    runs: restRates.map((value, i) => ({ value, floor: wsRates[i] })),
    goal: 'ratio ≥ 1/2 (the WebSocket on the same server)',
    meets: (rest, ws) => rest >= ws / 2
  });
}

/** Post-event webhook delivery. */
async function webhookDelivery(
  socket: RawSocket,
  rest: Rest,
  conversations: string[],
  receiver: Receiver
): Promise<void> {
  await rest('POST', '/Configuration/Webhooks', { PostWebhookUrl: receiver.url, Filters: ['onMessageAdded'] });
  const deliveryRates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    receiver.reset();
    const start = performance.now();
    await pump(socket, conversations, WEBHOOK_EVENTS, 64, () => 'to the webhook');
    while (receiver.count() < WEBHOOK_EVENTS) await new Promise((resolve) => setTimeout(resolve, 2));
    deliveryRates.push(WEBHOOK_EVENTS / ((performance.now() - start) / 1000));
  }
  const deliveryRate = median(deliveryRates);
  record({
    benchmark: 'backend',
    params: {
      measure: 'webhook-delivery',
      events: WEBHOOK_EVENTS,
      conversations: conversations.length,
      signed: true
    },
    value: deliveryRate,
    unit: 'events/s',
    goal: '≥ 1,000 events/s',
    met: deliveryRate >= 1000
  });
  await rest('POST', '/Configuration/Webhooks', { PostWebhookUrl: null });
}

/** Pre-event webhook overhead on a send's p50. */
async function preEvent(socket: RawSocket, rest: Rest, conversations: string[], receiver: Receiver): Promise<void> {
  const latencies = async (): Promise<number> => {
    const ms: number[] = [];
    for (let i = 0; i < LATENCY_SENDS; i++) {
      const start = performance.now();
      await socket.request('sendMessage', {
        conversationSid: conversations[i % 4],
        key: `lat-${Date.now()}-${i}`,
        body: 'a moderated line'
      });
      ms.push(performance.now() - start);
    }
    return percentile(ms, 0.5);
  };
  const without: number[] = [];
  const withHook: number[] = [];
  const handling: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await rest('POST', '/Configuration/Webhooks', { PreWebhookUrl: null });
    without.push(await latencies());
    await rest('POST', '/Configuration/Webhooks', { PreWebhookUrl: receiver.url, Filters: ['onMessageAdd'] });
    receiver.reset();
    withHook.push(await latencies());
    handling.push(percentile(receiver.handlingMs, 0.5));
  }
  const overhead = median(withHook) - median(handling);
  record({
    benchmark: 'backend',
    params: { measure: 'pre-event', sends: LATENCY_SENDS, receiverP50Ms: Math.round(median(handling) * 1000) / 1000 },
    value: overhead,
    unit: 'ms (p50)',
    floor: median(without),
    goal: '≤ floor + 2 ms',
    met: overhead <= median(without) + 2
  });
}

void main();

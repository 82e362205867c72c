/**
 * Worker: N receiving clients in one process. `library` mode: the library's full `Client` each
 * (transport, codecs, store, model), a message counted when `messageAdded$` emits it — the store
 * already holds it then. `light` mode: bare protocol sockets to the real server (handshake, then
 * `JSON.parse` of each event frame), the other receivers beside a probe. `raw` mode (the floor):
 * bare `ws` sockets to the relay that read the send time at the start of each frame and count it.
 *
 * Each message carries its send time `t` (ms on the wall clock, sub-millisecond: `timeOrigin +
 * performance.now()`, comparable across processes of one machine); a delivery's latency is the
 * receiver's clock when it counts the message minus `t`.
 */
import WebSocket from 'ws';
import { Client } from '../../lib/client';
import { RawSocket } from '../lib/raw-socket';
import { serve } from '../lib/worker';
import { percentile } from '../lib/stats';

const now = () => performance.timeOrigin + performance.now();
const cpuMicros = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

interface Round {
  perReceiver: number;
  counts: Int32Array;
  latencies: Float64Array;
  filled: number;
  complete: number;
  firstAt: number;
  lastAt: number;
  /** CPU time of this process when the round began (user + system, µs). */
  cpuAt: number;
  done: Promise<void>;
  finish: () => void;
}

const clients: Client[] = [];
const sockets: WebSocket[] = [];
const light: RawSocket[] = [];
let round: Round | null = null;
/** How often a library receiver lost its connection (the server closes slow consumers; they resume). */
let reconnects = 0;

function count(receiver: number, sentAt: number): void {
  const r = round;
  if (!r || r.counts[receiver] >= r.perReceiver) return;
  const at = now();
  if (r.filled === 0) r.firstAt = at;
  r.lastAt = at;
  r.latencies[r.filled++] = at - sentAt;
  if (++r.counts[receiver] === r.perReceiver && ++r.complete === r.counts.length) r.finish();
}

function sentAtOfFrame(data: Buffer): number {
  // frames start with {"t":<number>,
  return parseFloat(data.toString('latin1', 5, 32));
}

async function connectLibrary(tokens: string[]): Promise<void> {
  for (let from = 0; from < tokens.length; from += 50) {
    const batch = tokens.slice(from, from + 50);
    const created = await Promise.all(
      batch.map((token) => Client.create(token, { heartbeatIntervalMs: 30_000, heartbeatTimeoutMs: 120_000 }))
    );
    for (const client of created) {
      const receiver = receiverCount();
      clients.push(client);
      client.connectionStateChanged$.subscribe((state) => {
        if (state !== 'connected') reconnects++;
      });
      client.messageAdded$.subscribe((message) => {
        const attributes = message.attributes as { t?: number } | null;
        if (attributes && typeof attributes.t === 'number') count(receiver, attributes.t);
      });
    }
  }
}

type EventFrame = { name: string; data: { message?: { attributes?: { t?: unknown } } } };

/** The send time of each `messageAdded` in an event frame (`event` or `events`). */
function sentTimesOfEvents(text: string): number[] {
  if (!text.includes('"messageAdded"')) return [];
  const frame = JSON.parse(text) as { type: string; events?: EventFrame[] } & EventFrame;
  const events = frame.type === 'events' ? (frame.events ?? []) : frame.type === 'event' ? [frame] : [];
  const times: number[] = [];
  for (const event of events) {
    const t = event.name === 'messageAdded' ? event.data.message?.attributes?.t : undefined;
    if (typeof t === 'number') times.push(t);
  }
  return times;
}

async function connectLight(url: string, tokens: string[]): Promise<void> {
  for (let from = 0; from < tokens.length; from += 50) {
    const created = await Promise.all(tokens.slice(from, from + 50).map((token) => RawSocket.connect(url, token)));
    for (const socket of created) {
      const receiver = receiverCount();
      light.push(socket);
      socket.onOther = (text) => {
        for (const t of sentTimesOfEvents(text)) count(receiver, t);
      };
    }
  }
}

const receiverCount = () => clients.length + sockets.length + light.length;

async function connectRaw(url: string, n: number): Promise<void> {
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<void>((resolve, reject) => {
          const receiver = receiverCount();
          const ws = new WebSocket(url);
          sockets.push(ws);
          ws.once('open', () => resolve());
          ws.once('error', reject);
          ws.on('message', (data: Buffer) => count(receiver, sentAtOfFrame(data)));
        })
    )
  );
}

/** The receivers worker's methods. */
export const methods = {
  /**
   * Connects the receivers: full clients with these tokens, bare protocol sockets to the server at
   * `url` with them, or `n` bare sockets to the relay at `url`.
   */
  async connect(
    params:
      | { mode: 'library'; tokens: string[] }
      | { mode: 'light'; url: string; tokens: string[] }
      | { mode: 'raw'; url: string; n: number }
  ) {
    if (params.mode === 'library') await connectLibrary(params.tokens);
    else if (params.mode === 'light') await connectLight(params.url, params.tokens);
    else await connectRaw(params.url, params.n);
    return { receivers: receiverCount() };
  },
  /** Starts counting: every receiver is to get `perReceiver` messages. */
  begin(params: { perReceiver: number }) {
    const receivers = receiverCount();
    let finish = () => undefined as void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    round = {
      perReceiver: params.perReceiver,
      counts: new Int32Array(receivers),
      latencies: new Float64Array(receivers * params.perReceiver),
      filled: 0,
      complete: 0,
      firstAt: 0,
      lastAt: 0,
      cpuAt: cpuMicros(),
      done,
      finish
    };
    return { receivers };
  },
  /** Waits until every receiver got its messages (at most `timeoutMs`); answers the round's figures. */
  async end(params: { timeoutMs: number }) {
    const r = round;
    if (!r) throw new Error('no round begun');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      r.done.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), params.timeoutMs)))
    ]);
    clearTimeout(timer);
    const cpu = cpuMicros() - r.cpuAt;
    round = null;
    const latencies = r.latencies.subarray(0, r.filled);
    let short = 0;
    for (const got of r.counts) if (got < r.perReceiver) short++;
    return {
      complete: !timedOut,
      short,
      reconnects,
      deliveries: r.filled,
      firstAt: r.firstAt,
      lastAt: r.lastAt,
      /**
       * CPU time the receivers spent per delivery (µs): unlike wall time, barely moved by other load
       * on the machine.
       */
      cpuPerDelivery: r.filled > 0 ? cpu / r.filled : 0,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99)
    };
  },
  async close() {
    await Promise.all(clients.map((client) => client.shutdown()));
    for (const ws of sockets) ws.terminate();
    await Promise.all(light.map((socket) => socket.close()));
    clients.length = 0;
    sockets.length = 0;
    light.length = 0;
  }
};

serve(methods, () => methods.close());

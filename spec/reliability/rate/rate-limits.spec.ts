import { spawn } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';
import { Client, isPendingMessage, selectMessages } from '../../../lib/client';
import { CloseCode, ErrorCode, PROTOCOL_VERSION } from '../../../lib/protocol';
import type { RunningServer } from '../../../lib/server';
import { DEFAULTS as SERVER_DEFAULTS } from '../../../lib/server';
import { type ClientWorld, clientWorld } from '../../client/world';
import { waitFor } from '../../helpers/wait';
import { recordingWebSocket } from '../helpers/recording-socket';
import { percentile, report } from '../helpers/report';
import type { CloseFrame } from '../../../lib/protocol';

/** A raw connection that sends requests as fast as it can, counting what comes back. */
async function flooder(server: RunningServer, identity: string, perTick: number) {
  const ws = new WebSocket(server.url);
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ type: 'handshake', protocol: PROTOCOL_VERSION, token: await server.issueToken(identity) }));
  const stats = {
    sent: 0,
    ok: 0,
    rateLimited: 0,
    other: 0,
    closeFrame: null as null | { code: number },
    closedAt: 0,
    closeCode: 0,
    maxBuffered: 0
  };
  let welcomed = false;
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    if (text.startsWith('{"type":"welcome"')) welcomed = true;
    else if (text.startsWith('{"type":"reply"')) {
      if (text.includes('"result"')) stats.ok++;
      else if (text.includes(`"code":${ErrorCode.RateLimited}`)) stats.rateLimited++;
      else stats.other++;
    } else if (text.startsWith('{"type":"close"')) stats.closeFrame = (JSON.parse(text) as CloseFrame).error;
  });
  const closed = new Promise<void>((resolve) =>
    ws.on('close', (code) => {
      stats.closeCode = code;
      stats.closedAt = Date.now();
      resolve();
    })
  );
  await waitFor(() => welcomed, 'welcome');
  const startedAt = Date.now();
  let id = 1;
  const pump = () => {
    if (ws.readyState !== WebSocket.OPEN) return;
    for (let i = 0; i < perTick; i++)
      ws.send(`{"type":"request","id":${id++},"command":"getContentTemplates","args":{}}`);
    stats.sent += perTick;
    stats.maxBuffered = Math.max(stats.maxBuffered, ws.bufferedAmount);
    // a flooder does not wait for its writes: it only yields so that replies can come in
    setTimeout(pump, 1);
  };
  pump();
  return { stats, closed, startedAt, ws };
}

const ROOT = join(__dirname, '..', '..', '..');

/** Runs flood.ts in its own process; resolves with its stats once the server closed it. */
function floodProcess(url: string, token: string, perMs: number, maxMs: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'flood.ts'), url, token, String(perMs), String(maxMs)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit']
    }
  );
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const done = new Promise<{
    sent: number;
    ok: number;
    rateLimited: number;
    other: number;
    closeFrame: { code: number } | null;
    closeCode: number;
    elapsedMs: number;
    maxBufferedKiB: number;
  }>((resolve, reject) =>
    child.on('exit', () =>
      out ? resolve(JSON.parse(out) as Awaited<typeof done>) : reject(new Error('the flooder printed nothing'))
    )
  );
  return { child, done };
}

/** Sends from `from`, measures until `to`'s store holds the message: one delivery latency in ms. */
async function deliveryLatency(from: Client, to: Client, sid: string, body: string): Promise<number> {
  const sent = Date.now();
  const conversation = await from.getConversationBySid(sid);
  await conversation.sendMessage(body);
  await waitFor(
    () => selectMessages(sid)(to.getState()).some((m) => !isPendingMessage(m) && m.body === body),
    `${body} delivered`
  );
  return Date.now() - sent;
}

describe('rate limits (server defaults)', () => {
  let world: ClientWorld;
  afterEach(async () => {
    await world.close();
  });

  it('slows an abusive connection (RateLimited, delays), closes it (4029) if it persists; others go on', async () => {
    world = await clientWorld();
    const { WebSocket: Recording, log } = recordingWebSocket();
    const alice = await world.client('alice', { WebSocket: Recording });
    const bob = await world.client('bob');
    const conversation = await alice.createConversation();
    await conversation.add('bob');
    await waitFor(() => bob.getState().conversations[conversation.sid]?.status === 'joined', 'bob joined');
    const before: number[] = [];
    for (let i = 0; i < 20; i++) before.push(await deliveryLatency(alice, bob, conversation.sid, `before ${i}`));

    const flood = floodProcess(world.server.url, await world.server.issueToken('mallory'), 20, 60_000);
    let flooding = true;
    void flood.done.finally(() => (flooding = false));
    const during: number[] = [];
    let n = 0;
    // alice keeps chatting, typing on every keystroke (the client sends at most one typing signal per 5 s)
    while (flooding) {
      for (let key = 0; key < 10; key++) void conversation.typing();
      during.push(await deliveryLatency(alice, bob, conversation.sid, `during ${n++}`));
    }
    const stats = await flood.done;
    const seconds = stats.elapsedMs / 1000;

    // refused, slowed to about its rate, then closed with a close frame saying why
    expect(stats.rateLimited).toBeGreaterThan(0);
    expect(stats.ok).toBeLessThanOrEqual(
      SERVER_DEFAULTS.frameBurst + SERVER_DEFAULTS.framesPerSecond * seconds * 1.1 + 50
    );
    expect(stats.closeCode).toBe(CloseCode.RateLimited);
    expect(stats.closeFrame).toMatchObject({ code: ErrorCode.RateLimited });
    expect(stats.elapsedMs).toBeGreaterThanOrEqual(SERVER_DEFAULTS.rateLimitGraceMs);
    // the others were never refused, and every message arrived
    expect(log.rateLimitedReplies).toBe(0);
    expect(during.length).toBeGreaterThan(5);
    report('rate-limit-abuse', {
      floodSeconds: +seconds.toFixed(1),
      floodRequestsSent: stats.sent,
      admitted: stats.ok,
      refusedRateLimited: stats.rateLimited,
      neverRead: stats.sent - stats.ok - stats.rateLimited - stats.other,
      flooderMaxBufferedKiB: stats.maxBufferedKiB,
      closeCode: stats.closeCode,
      otherClientLatencyMs: {
        before: { p50: percentile(before, 50), p99: percentile(before, 99) },
        during: { p50: percentile(during, 50), p99: percentile(during, 99), n: during.length }
      }
    });
  }, 60000);

  it("limits an identity across its connections: each under its own limit, together over the identity's", async () => {
    world = await clientWorld({
      framesPerSecond: 1000,
      frameBurst: 50,
      identityRequestsPerSecond: 100,
      identityRequestBurst: 50,
      rateLimitGraceMs: 60_000
    });
    const connections = await Promise.all([0, 1, 2].map(() => flooder(world.server, 'mallory', 1)));
    const other = await flooder(world.server, 'olivia', 1);
    // past the identity's burst (50) by its rate for a second or so, each connection refused at least once
    const admitted = () => connections.reduce((sum, c) => sum + c.stats.ok, 0);
    await waitFor(
      () => admitted() >= 150 && connections.every((c) => c.stats.rateLimited > 0) && other.stats.ok > 0,
      "mallory's connections refused, 150 of its requests admitted, and olivia's served",
      20_000
    );
    const stoppedAt = Date.now();
    for (const { ws } of [...connections, other]) ws.terminate();
    const seconds = (stoppedAt - Math.min(...connections.map((c) => c.startedAt))) / 1000;
    const mallory = connections.reduce((sum, c) => sum + c.stats.ok, 0);
    // about one request a millisecond each: mallory's three connections share the identity's limit
    expect(connections.every((c) => c.stats.rateLimited > 0)).toBe(true);
    expect(mallory).toBeLessThanOrEqual(50 + 100 * seconds * 1.1 + 10);
    expect(other.stats.ok).toBeGreaterThan(0);
    report('rate-limit-identity', {
      malloryConnections: 3,
      malloryAdmitted: mallory,
      malloryRefused: connections.reduce((s, c) => s + c.stats.rateLimited, 0),
      oliviaAdmitted: other.stats.ok
    });
  }, 30000);

  it('a client closed for too many requests backs off to reconnect; its sends go through, once each', async () => {
    world = await clientWorld({
      framesPerSecond: 20,
      frameBurst: 20,
      identityRequestsPerSecond: 0,
      rateLimitGraceMs: 1000
    });
    const { WebSocket: Recording, log } = recordingWebSocket();
    const reconnect = { minDelayMs: 50, maxDelayMs: 1500, jitter: 0.2 };
    const greedy = await world.client('greedy', { WebSocket: Recording, reconnect, requestTimeoutMs: 60000 });
    const conversation = await greedy.createConversation();
    // an application bug: 100 sends at once, never waiting
    const indexes = await Promise.all(Array.from({ length: 100 }, (_, i) => conversation.sendMessage(`m${i}`)));
    expect(indexes.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const closes = log.closes.filter((c) => c.code === CloseCode.RateLimited);
    expect(closes.length).toBeGreaterThan(0);
    expect(log.closeFrames.some((f) => f.error.code === ErrorCode.RateLimited)).toBe(true);
    for (const close of closes) {
      const next = log.opens.find((at) => at > close.at);
      if (next !== undefined)
        expect(next - close.at).toBeGreaterThanOrEqual(reconnect.maxDelayMs * (1 - reconnect.jitter) - 20);
    }
    expect((await conversation.getMessages(100, 0, 'forward')).items.map((m) => m.body)).toHaveLength(100);
    report('rate-limit-client-backoff', {
      sends: 100,
      closedForRateLimit: closes.length,
      rateLimitedReplies: log.rateLimitedReplies
    });
  }, 60000);

  it('a normal client bursting 1,000 sends and typing on every keystroke is never refused by default', async () => {
    world = await clientWorld();
    const { WebSocket: Recording, log } = recordingWebSocket();
    const alice = await world.client('alice', { WebSocket: Recording, messageCacheSize: 2000 });
    const conversation = await alice.createConversation();
    let next = 0;
    const worker = async () => {
      while (next < 1000) {
        next++;
        for (let key = 0; key < 5; key++) void conversation.typing();
        await conversation.sendMessage(`burst ${next}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(log.rateLimitedReplies).toBe(0);
    expect(log.closes.filter((c) => c.code === CloseCode.RateLimited)).toEqual([]);
  }, 60000);
});

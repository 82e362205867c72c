import { Client, ErrorCode, isPendingMessage, selectClientStatus, selectMessages } from '../../lib/client';
import { CHUNK_SIZE } from '../../lib/client/store/state';
import { Proxy } from '../helpers/proxy';
import { VirtualTime } from '../helpers/virtual-time';
import { waitFor } from '../helpers/wait';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../lib/server';
import { clientWorld, quietLogger, type ClientWorld } from './world';

describe('connection: states, offline commands, dead links', () => {
  let world: ClientWorld;
  let proxy: Proxy;
  beforeEach(async () => {
    world = await clientWorld();
    proxy = await Proxy.start({ host: '127.0.0.1', port: Number(new URL(world.server.url).port) });
  });
  afterEach(async () => {
    await world.close();
    await proxy.close();
  });

  const through = (extra: Record<string, unknown> = {}) => ({
    url: proxy.wsUrl(world.server.url),
    reconnect: { minDelayMs: 50, maxDelayMs: 200, jitter: 0.2 },
    ...extra
  });

  it('goes connecting → connected after a cut (as the reference reports a retry), and resumes', async () => {
    const alice = await world.client('alice', through());
    const states: string[] = [];
    alice.connectionStateChanged$.subscribe((s) => states.push(s));
    proxy.cut();
    await waitFor(() => states.includes('connected'), 'connected again');
    expect(states).toEqual(['connecting', 'connected']);
  });

  it('holds commands issued while offline and sends them on reconnect', async () => {
    const alice = await world.client('alice', through());
    const conversation = await alice.createConversation();
    proxy.hold();
    proxy.cut();
    await waitFor(() => alice.connectionState !== 'connected', 'offline');
    const sent = conversation.sendMessage('written offline');
    await waitFor(() => selectMessages(conversation.sid)(alice.getState()).length === 1, 'the pending copy');
    expect(selectMessages(conversation.sid)(alice.getState())[0]).toMatchObject({ status: 'pending' });
    proxy.release();
    expect(await sent).toBe(0);
    const items = selectMessages(conversation.sid)(alice.getState());
    expect(items).toHaveLength(1);
    expect(isPendingMessage(items[0])).toBe(false);
  });

  it('fails an offline command with a clear error after its timeout, and lets it be retried', async () => {
    const alice = await world.client('alice', through({ requestTimeoutMs: 400 }));
    const conversation = await alice.createConversation();
    proxy.hold();
    proxy.cut();
    await waitFor(() => alice.connectionState !== 'connected', 'offline');
    const error = await conversation.sendMessage('lost?').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.Timeout });
    expect((error as Error).message).toMatch(/offline/);
    const [failed] = selectMessages(conversation.sid)(alice.getState());
    expect(failed).toMatchObject({ status: 'failed' });
    proxy.release();
    await waitFor(() => alice.connectionState === 'connected', 'online');
    expect(await conversation.retryMessage((failed as { key: string }).key)).toBe(0);
    expect(selectMessages(conversation.sid)(alice.getState())).toHaveLength(1);
  });

  it('detects a dead link with heartbeats and reconnects, in virtual time', async () => {
    const time = new VirtualTime();
    const alice = await world.client(
      'alice',
      through({
        heartbeatIntervalMs: 10000,
        heartbeatTimeoutMs: 25000,
        scheduler: time,
        reconnect: { minDelayMs: 0, maxDelayMs: 0, jitter: 0 }
      })
    );
    const conversation = await alice.createConversation();
    const states: string[] = [];
    alice.connectionStateChanged$.subscribe((s) => states.push(s));
    proxy.freeze();
    // the link is silent: nothing is heard for the heartbeat timeout, so the client reconnects
    time.advance(20000);
    expect(states).toEqual([]);
    time.advance(10000);
    await waitFor(() => states.includes('connected'), 'reconnected after a silent link');
    expect(states[0]).toBe('connecting');
    expect(await conversation.sendMessage('after')).toBe(0);
  });

  it('backs off between attempts on the client’s scheduler: 1.6× longer each time, up to the largest', async () => {
    const time = new VirtualTime();
    const alice = await world.client(
      'alice',
      through({
        scheduler: time,
        heartbeatTimeoutMs: 10_000_000,
        reconnect: { minDelayMs: 1000, maxDelayMs: 2000, jitter: 0 }
      })
    );
    proxy.hold();
    const before = proxy.attempts;
    proxy.cut();
    await waitFor(() => proxy.attempts === before + 1, 'the first attempt, at once');
    const attemptAfter = async (ms: number) => {
      const count = proxy.attempts;
      // the refused attempt's close reaches the client in real time; the next one is timed from it
      await waitFor(() => time.dueIn(ms), `the next attempt scheduled in ${ms} ms`);
      time.advance(ms - 1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(proxy.attempts).toBe(count);
      time.advance(1);
      await waitFor(() => proxy.attempts === count + 1, `an attempt after ${ms} ms`);
    };
    await attemptAfter(1000);
    await attemptAfter(1600);
    await attemptAfter(2000);
    await attemptAfter(2000);
    expect(alice.connectionState).toBe('connecting');
    proxy.release();
    // the last refused attempt's close reaches the client in real time: advance once it has timed the next
    await waitFor(() => time.dueIn(2000), 'the next attempt scheduled in 2000 ms');
    time.advance(2000);
    await waitFor(() => alice.connectionState === 'connected', 'connected once the server is reachable');
  });

  it('says why while a client that never connected keeps trying', async () => {
    proxy.hold();
    const client = new Client(await world.server.issueToken('alice'), {
      url: proxy.wsUrl(world.server.url),
      reconnect: { minDelayMs: 50, maxDelayMs: 100, jitter: 0 }
    });
    try {
      await waitFor(() => selectClientStatus(client.getState()).error !== null, 'the reason of the failed attempts');
      expect(selectClientStatus(client.getState())).toMatchObject({
        phase: 'initializing',
        connection: 'connecting',
        error: { terminal: false }
      });
    } finally {
      await client.shutdown();
    }
  });

  it('fails over to the next URL when the first is down', async () => {
    proxy.hold();
    const client = new Client(await world.server.issueToken('alice'), {
      url: [proxy.wsUrl(world.server.url), world.server.url],
      reconnect: { minDelayMs: 50, maxDelayMs: 100, jitter: 0 }
    });
    try {
      await waitFor(() => client.connectionState === 'connected', 'connected through the second URL');
    } finally {
      await client.shutdown();
    }
  });

  it('bounds the messages it holds and pages evicted ones back in', async () => {
    const alice = await world.client('alice', { messageCacheSize: 200 });
    const conversation = await alice.createConversation();
    for (let i = 0; i < 600; i++) await conversation.sendMessage(`m${i}`);
    await waitFor(() => alice.getState().conversations[conversation.sid].data.messagesCount === 600, 'all sent');
    const held = selectMessages(conversation.sid)(alice.getState());
    expect(held.length).toBeLessThanOrEqual(200 + CHUNK_SIZE);
    expect(held[held.length - 1]).toMatchObject({ index: 599 });
    const page = await conversation.getMessages(30, 10, 'forward');
    expect(page.items.map((m) => m.index)).toEqual(Array.from({ length: 30 }, (_, i) => 10 + i));
    expect(page.items[0].body).toBe('m10');
  });
});

describe('connection: a server restart', () => {
  it('reports connecting while the server is down and restarts, then connected — never disconnected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxc-restart-'));
    const options = {
      database: join(dir, 'conversations.db'),
      secret: 'a secret kept across the restart',
      logger: quietLogger
    };
    let server = await startServer({ ...options, port: 0 });
    const port = server.port;
    const client = await Client.create(await server.issueToken('alice'), {
      reconnect: { minDelayMs: 50, maxDelayMs: 200, jitter: 0 }
    });
    const conversation = await client.createConversation();
    const states: string[] = [];
    client.connectionStateChanged$.subscribe((state) => states.push(state));
    try {
      await server.close();
      await waitFor(() => client.connectionState === 'connecting', 'connecting while the server is down');
      server = await startServer({ ...options, port });
      await waitFor(() => states.includes('connected'), 'connected after the restart', 20000);
      expect(states).toEqual(['connecting', 'connected']);
      expect(await conversation.sendMessage('after the restart')).toBe(0);
    } finally {
      await client.shutdown();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

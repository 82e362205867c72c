import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { Client, ErrorCode } from '../../../lib/client';
import { CloseCode } from '../../../lib/protocol';
import { TestClient, closeClients } from '../../server/helpers/client';
import { killClis } from '../../server/helpers/cli';
import { Proxy } from '../../helpers/proxy';
import { waitFor } from '../../helpers/wait';
import { heldMessages, waitForMessages } from '../helpers/fleet';
import { recordingWebSocket } from '../helpers/recording-socket';
import { report } from '../helpers/report';
import { freePort, processTokens, rssOf, sampleRss, startServerProcess } from '../helpers/server-process';

/** The server's default `maxBufferedBytes` (the CLI runs with defaults). */
const MAX_BUFFERED = 8 * 1024 * 1024;
const BODY = 'x'.repeat(30 * 1024);
const MESSAGES = 4000;
const MiB = 1024 * 1024;
/** Raw sockets that stop reading; carol (a real client behind a frozen link) is the fourth slow reader. */
const READERS = ['bob', 'dave', 'erin'];

describe('faults: a slow consumer', () => {
  let dir: string;
  let proxy: Proxy | undefined;
  const clients: Client[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxc-slow-'));
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.shutdown()));
    closeClients();
    await proxy?.close();
    killClis();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is closed (4008, close frame) past its unsent limit, the server bounded; a client resumes, whole', async () => {
    // the flood is one connection sending as fast as it can: the rate limits are another test's
    const server = await startServerProcess(await freePort(), join(dir, 'chat.db'), {
      NODE_OPTIONS: '--max-old-space-size=128',
      RXC_FRAMES_PER_SECOND: '0',
      RXC_IDENTITY_REQUESTS_PER_SECOND: '0'
    });
    const token = processTokens(server.url);
    const alice = await TestClient.connect(server.url, await token('alice'));
    const { conversation } = await alice.call('createConversation', {});
    const sid: string = conversation.sid;
    for (const identity of [...READERS, 'carol'])
      await alice.call('addParticipant', { conversationSid: sid, identity });

    // bob, dave, erin: raw sockets that stop reading after their welcome
    const readers = await Promise.all(
      READERS.map(async (identity) => TestClient.connect(server.url, await token(identity)))
    );
    const sockets = readers.map((reader) => (reader.ws as unknown as { _socket: Socket })._socket);
    for (const socket of sockets) socket.pause();
    // carol: a real client whose link freezes (the proxy stops forwarding both ways)
    proxy = await Proxy.start({ host: '127.0.0.1', port: Number(new URL(server.url).port) });
    const { WebSocket, log } = recordingWebSocket();
    const carol = await Client.create(await token('carol'), {
      url: proxy.wsUrl(server.url),
      WebSocket,
      heartbeatIntervalMs: 1000,
      heartbeatTimeoutMs: 8000,
      reconnect: { minDelayMs: 50, maxDelayMs: 300, jitter: 0.2 },
      messageCacheSize: MESSAGES + 10
    });
    clients.push(carol);
    await waitFor(() => carol.getState().conversations[sid]?.status === 'joined', 'carol joined');
    proxy.freeze();

    const baseline = rssOf(server.pid);
    const sampler = sampleRss(server.pid, 50);
    let next = 0;
    const sender = async () => {
      while (next < MESSAGES) {
        const i = next++;
        await alice.call('sendMessage', { conversationSid: sid, key: `k${i}`, body: `${i} ${BODY}` });
      }
    };
    const sending = Promise.all(Array.from({ length: 8 }, sender));

    // once the server gave up on one of them, it reads again: behind what was buffered for it
    // come the close frame and the 4008 close
    const received: number[] = [];
    for (const [i, reader] of readers.entries()) {
      await server.cli.waitFor(new RegExp(`slow consumer.* of ${READERS[i]} `), 30000);
      received[i] = 0;
      sockets[i].on('data', (chunk: Buffer) => (received[i] += chunk.length));
      sockets[i].resume();
      expect((await reader.closed).code).toBe(CloseCode.SlowConsumer);
      expect(reader.frames.at(-1)).toMatchObject({ type: 'close', error: { code: ErrorCode.RateLimited } });
      expect(reader.named('messageAdded').length).toBeLessThan(MESSAGES);
    }

    await sending;
    await server.cli.waitFor(/slow consumer.*carol/, 30000);

    // carol noticed the dead link, reconnected and resumed: every message, once, in order
    await waitForMessages(carol, sid, MESSAGES, 90000);
    expect(heldMessages(carol, sid).map(([index]) => index)).toEqual(Array.from({ length: MESSAGES }, (_, i) => i));
    expect(log.welcomes.at(-1)?.resume).toBe('resumed');
    const { peak } = sampler.stop();

    // what the server held for each slow reader (all it got once it read again) stayed near the
    // limit; the server's memory, through the flood and carol's replay, grew by less than the
    // traffic plus that limit per slow reader (were it unbounded, each would hold the traffic)
    const sentBytes = MESSAGES * BODY.length;
    for (const bytes of received) expect(bytes).toBeLessThan(MAX_BUFFERED + 24 * MiB);
    const growth = peak - baseline;
    expect(growth).toBeLessThan(sentBytes + (READERS.length + 1) * (MAX_BUFFERED + 8 * MiB));

    report('slow-consumer', {
      messages: MESSAGES,
      sentMiB: Math.round(sentBytes / MiB),
      serverRssBaselineMiB: Math.round(baseline / MiB),
      serverRssPeakMiB: Math.round(peak / MiB),
      slowReaders: READERS.length + 1,
      heldPerSlowReaderMiB: received.map((bytes) => +(bytes / MiB).toFixed(1))
    });
  }, 120000);
});

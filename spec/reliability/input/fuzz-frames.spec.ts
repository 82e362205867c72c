import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import WebSocket from 'ws';
import { Client } from '../../../lib/client';
import { decodeServerFrame } from '../../../lib/client/transport/decode-frame';
import {
  ErrorCode,
  PROTOCOL_VERSION,
  type WireError,
  commandCodecs,
  decode,
  isCommandName
} from '../../../lib/protocol';
import type { RunningServer } from '../../../lib/server';
import { TestClient, closeClients } from '../../server/helpers/client';
import { memoryLogger, startTestServer, stopServers } from '../../server/helpers/server';
import { waitFor } from '../../helpers/wait';
import { heldMessages, waitForMessages } from '../helpers/fleet';
import { report } from '../helpers/report';
import type { ArgsScene } from '../../server/helpers/args-arbitraries';
import { fatalFrame, fuzzFrame } from './frame-arbitraries';

/** Connections the fuzzer opens; each sends up to 60 frames. */
const CONNECTIONS = 420;
const MIN_FRAMES = 10_000;
const FUZZ_IDENTITIES = ['fz-1', 'fz-2', 'fz-3'];

interface Tally {
  framesSent: number;
  framesReceived: number;
  replies: number;
  errorsByCode: Record<number, number>;
  closesByCode: Record<number, number>;
  connections: Record<string, number>;
}

/** Every server frame decodes with the protocol codecs; results with their command's codec; no Internal error. */
function check(texts: (string | Buffer)[], commands: Map<number, string>, tally: Tally): void {
  for (const raw of texts) {
    expect(typeof raw).toBe('string');
    const frame = decodeServerFrame(raw);
    tally.framesReceived++;
    if (frame.type === 'reply-error' || frame.type === 'denied' || frame.type === 'close') {
      const error: WireError = frame.error;
      expect(Object.values(ErrorCode)).toContain(error.code);
      expect(error.code).not.toBe(ErrorCode.Internal);
      tally.errorsByCode[error.code] = (tally.errorsByCode[error.code] ?? 0) + 1;
    }
    if (frame.type === 'reply' || frame.type === 'reply-error') tally.replies++;
    if (frame.type === 'reply') {
      const command = commands.get(frame.id);
      if (command !== undefined && isCommandName(command)) {
        const result = decode(commandCodecs[command].result as import('io-ts').Mixed, frame.result, 'result');
        if (!result.ok) throw new Error(`${command} answered a result its codec refuses: ${result.message}`);
      }
    }
  }
}

/** Opens a WebSocket and records every frame it receives and how it closed; `until` waits for a frame. */
function open(url: string) {
  const ws = new WebSocket(url);
  const texts: (string | Buffer)[] = [];
  let waiting: { test: (text: string) => boolean; resolve: () => void } | null = null;
  ws.on('message', (data: Buffer, isBinary) => {
    const text = isBinary ? Buffer.from(data) : data.toString();
    texts.push(text);
    if (waiting && typeof text === 'string' && waiting.test(text)) waiting.resolve();
  });
  ws.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const opened = new Promise<boolean>((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('close', () => resolve(false));
  });
  /**
   * Resolves once a text frame passes `test` (or the socket closes, or starts closing — the server
   * sent its close frame and may read no more —, or 10 s pass).
   */
  const until = (test: (text: string) => boolean) => {
    if (texts.some((t) => typeof t === 'string' && test(t))) return Promise.resolve();
    let poll: ReturnType<typeof setInterval> | undefined;
    return Promise.race([
      new Promise<void>((resolve) => (waiting = { test, resolve })),
      closed,
      new Promise<void>((resolve) => (poll = setInterval(() => ws.readyState !== WebSocket.OPEN && resolve(), 5))),
      new Promise((resolve) => setTimeout(resolve, 10_000).unref())
    ]).then(() => {
      clearInterval(poll);
      waiting = null;
    });
  };
  return { ws, texts, closed, opened, until };
}

/**
 * Half-open connections: an upgrade cut half-way, a frame header without its frame, a handshake then a
 * drop, silence.
 */
async function halfOpen(url: string, how: string, token: string, tally: Tally): Promise<void> {
  const { hostname, port } = new URL(url);
  if (how === 'partial-upgrade') {
    const socket: Socket = tcpConnect(Number(port), hostname);
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    // cut once the half request has left: written, not a while later
    await new Promise((resolve) =>
      socket.write('GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n', resolve)
    );
    socket.destroy();
    return;
  }
  const { ws, texts, closed, opened } = open(url);
  if (!(await opened)) return;
  if (how === 'partial-frame') {
    await new Promise((resolve) =>
      (ws as unknown as { _socket: Socket })._socket.write(Buffer.from([0x81, 0xfe, 0x01]), resolve)
    );
    ws.terminate();
  } else if (how === 'handshake-then-drop') {
    ws.send(JSON.stringify({ type: 'handshake', protocol: PROTOCOL_VERSION, token, resume: { position: 0 } }));
    ws.terminate();
  } else {
    // silence: the server closes it when the handshake does not come in time
    const code = await closed;
    expect(code).toBe(1002);
    tally.closesByCode[code] = (tally.closesByCode[code] ?? 0) + 1;
    check(texts, new Map(), tally);
    expect(texts.map((t) => (JSON.parse(t as string) as { error?: WireError }).error?.code)).toContain(
      ErrorCode.HandshakeRequired
    );
  }
  await closed;
}

describe('bad input: the server under fuzzed frames', () => {
  let dir: string;
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.shutdown()));
    closeClients();
    await stopServers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 10,000+ random and mutated frames with decodable replies, never fails, and others carry on', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxc-fuzz-'));
    const database = join(dir, 'fuzz.db');
    const logger = memoryLogger();
    // durability 'normal': the database must stay consistent whatever comes in; per-commit fsync is
    // the kill test's business
    const server: RunningServer = await startTestServer({
      database,
      logger,
      handshakeTimeoutMs: 100,
      durability: 'normal'
    });

    // the scene the mutated requests point at
    const owner = await TestClient.connect(server.url, await server.issueToken('owner'));
    const scene: ArgsScene = {
      conversationSids: [],
      participantSids: [],
      messageSids: [],
      identities: [...FUZZ_IDENTITIES, 'owner', 'nobody'],
      tokens: []
    };
    for (const isPrivate of [true, true, false, false]) {
      const { conversation, participant } = await owner.call('createConversation', { isPrivate });
      scene.conversationSids.push(conversation.sid);
      scene.participantSids.push(participant.sid);
      for (const identity of FUZZ_IDENTITIES.slice(0, isPrivate ? 2 : 1)) {
        scene.participantSids.push(
          (await owner.call('addParticipant', { conversationSid: conversation.sid, identity })).sid
        );
      }
      scene.messageSids.push(
        (await owner.call('sendMessage', { conversationSid: conversation.sid, key: 'k', body: 'scene' })).sid
      );
    }
    scene.conversationSids.push('CH' + 'f'.repeat(32));
    for (const identity of scene.identities) scene.tokens.push(await server.issueToken(identity));
    scene.tokens.push(await server.issueToken('fz-1', { ttlSeconds: -10 }));
    const keepMembers = async () => {
      for (const [i, conversationSid] of scene.conversationSids.slice(0, 4).entries()) {
        for (const identity of FUZZ_IDENTITIES.slice(0, i < 2 ? 2 : 1))
          await owner.request('addParticipant', { conversationSid, identity });
      }
    };

    // two real clients chat throughout, in a conversation of their own
    const alice = await Client.create(await server.issueToken('alice'), { messageCacheSize: 5000 });
    const bob = await Client.create(await server.issueToken('bob'), { messageCacheSize: 5000 });
    clients.push(alice, bob);
    const chat = await alice.createConversation({ friendlyName: 'chat' });
    await chat.add('bob');
    await waitFor(() => bob.getState().conversations[chat.sid]?.status === 'joined', 'bob joined');
    const bobChat = await bob.getConversationBySid(chat.sid);
    let chatting = true;
    const said: [number, string][] = [];
    const chatter = (async () => {
      for (let n = 0; chatting; n++) {
        const [who, body] = n % 2 ? [bobChat, `bob ${n}`] : [chat, `alice ${n}`];
        said.push([await who.sendMessage(body), body]);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    const tally: Tally = {
      framesSent: 0,
      framesReceived: 0,
      replies: 0,
      errorsByCode: {},
      closesByCode: {},
      connections: {}
    };
    let nextId = 1;
    const id = () => nextId++;
    let runs = 0;
    const plan = fc.record({
      mode: fc.constantFrom('handshake', 'handshake', 'handshake', 'none', 'bad-handshake', 'half-open'),
      identity: fc.nat(FUZZ_IDENTITIES.length - 1),
      frames: fc.array(fuzzFrame(scene, id), { minLength: 20, maxLength: 60, size: 'max' }),
      fatal: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fatalFrame() }),
      halfOpen: fc.constantFrom('partial-upgrade', 'partial-frame', 'handshake-then-drop', 'silent')
    });

    await fc.assert(
      fc.asyncProperty(plan, async ({ mode, identity, frames, fatal, halfOpen: how }) => {
        if (++runs % 25 === 0) await keepMembers();
        tally.connections[mode] = (tally.connections[mode] ?? 0) + 1;
        const token = scene.tokens[identity];
        if (mode === 'half-open') return halfOpen(server.url, how, token, tally);
        const { ws, texts, closed, opened, until } = open(server.url);
        if (!(await opened)) throw new Error('the server refused a connection');
        const commands = new Map<number, string>();
        let welcomed = false;
        if (mode === 'handshake') {
          ws.send(JSON.stringify({ type: 'handshake', protocol: PROTOCOL_VERSION, token }));
          await until((t) => t.startsWith('{"type":"welcome"'));
          welcomed = ws.readyState === WebSocket.OPEN;
        } else if (mode === 'bad-handshake') {
          const first = fc.sample(fuzzFrame(scene, id), 1)[0];
          ws.send(first.data, { binary: first.binary });
          tally.framesSent++;
        }
        // before a handshake the server closes after 3 bad frames: the rest go nowhere
        const batch = welcomed ? frames : frames.slice(0, 18);
        for (const [i, frame] of [...batch, ...(fatal ? [fatal] : [])].entries()) {
          if (ws.readyState !== WebSocket.OPEN) break;
          if (frame.request) commands.set(frame.request.id, frame.request.command);
          ws.send(frame.data, { binary: frame.binary });
          tally.framesSent++;
          // a good request now and then resets the server's count of bad frames in a row
          if (welcomed && i % 15 === 14) {
            const reset = id();
            commands.set(reset, 'getMessagesCount');
            ws.send(
              JSON.stringify({
                type: 'request',
                id: reset,
                command: 'getMessagesCount',
                args: { conversationSid: scene.conversationSids[0] }
              })
            );
          }
        }
        // the server sent its close frame (its code is kept) and reads no more: no need to wait for its grace
        if (ws.readyState === WebSocket.CLOSING) ws.terminate();
        if (ws.readyState === WebSocket.OPEN) {
          const sentinel = id();
          ws.send(JSON.stringify({ type: 'request', id: sentinel, command: 'getContentTemplates', args: {} }));
          await until((t) => t.includes(`"id":${sentinel},`));
        }
        // still open: close it; closing: the server sent its close frame (its code is kept) and reads no more
        if (ws.readyState === WebSocket.OPEN) ws.close();
        else if (ws.readyState === WebSocket.CLOSING) ws.terminate();
        const code = await closed;
        tally.closesByCode[code] = (tally.closesByCode[code] ?? 0) + 1;
        if (fatal?.fatal && mode === 'handshake' && welcomed) expect([1007, 1009]).toContain(code);
        check(texts, commands, tally);
      }),
      { numRuns: CONNECTIONS, endOnFailure: true }
    );

    chatting = false;
    await chatter;

    // the server never failed: no Internal reply, nothing logged as an error, still serving
    expect(logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
    expect(tally.framesSent).toBeGreaterThanOrEqual(MIN_FRAMES);
    expect(
      (await owner.call('getMessagesCount', { conversationSid: scene.conversationSids[0] })).count
    ).toBeGreaterThanOrEqual(0);

    // the chatting clients were unaffected: every message, in order, in both stores
    const expected = said.sort((a, b) => a[0] - b[0]);
    expect(expected.map(([index]) => index)).toEqual(expected.map((_, i) => i));
    for (const client of [alice, bob]) {
      await waitForMessages(client, chat.sid, expected.length);
      expect(heldMessages(client, chat.sid)).toEqual(expected);
    }

    await Promise.all(clients.splice(0).map((c) => c.shutdown()));
    closeClients();
    await stopServers();
    const db = new BetterSqlite3(database, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
    report('fuzz-frames', { runs, ...tally, chatMessages: expected.length });
  }, 240000);
});

import fc from 'fast-check';
import type * as t from 'io-ts';
import WebSocket from 'ws';
import {
  type CommandName,
  type CommandResult,
  ErrorCode,
  PROTOCOL_VERSION,
  WireError,
  commandCodecs,
  decode
} from '../../../lib/protocol';
import type { RunningServer } from '../../../lib/server';
import { type ArgsScene, fuzzRequest } from './args-arbitraries';
import { type Frame, TestClient, openSocket } from './client';

/**
 * A structure-aware fuzzer of command arguments: for every command, arguments that point at a real
 * scene (conversations, participants, messages the fuzzing users take part in), each with some of
 * its fields replaced by arbitrary JSON, lone surrogates, NUL, deep nesting, huge numbers,
 * `__proto__` keys, or extra fields. Every reply must decode, none may be `Internal`, and every
 * message the server accepted must read back exactly as it was sent.
 */

/** What a fuzz run saw. */
export interface FuzzTally {
  frames: number;
  results: number;
  errorsByCode: Record<number, number>;
  /** Messages the server accepted, each read back and compared. */
  messagesAccepted: number;
}

/** The scene: `owner` (admin) creates conversations with the fuzzing identities in them. */
export async function buildScene(
  server: RunningServer,
  identities: string[]
): Promise<{ scene: ArgsScene; owner: TestClient }> {
  const owner = await TestClient.connect(server.url, await server.issueToken('owner'));
  const scene: ArgsScene = {
    conversationSids: [],
    participantSids: [],
    messageSids: [],
    identities: [...identities, 'owner', 'nobody'],
    tokens: []
  };
  for (const isPrivate of [true, true, false]) {
    const { conversation, participant } = await owner.call('createConversation', { isPrivate });
    scene.conversationSids.push(conversation.sid);
    scene.participantSids.push(participant.sid);
    for (const identity of identities)
      scene.participantSids.push(
        (await owner.call('addParticipant', { conversationSid: conversation.sid, identity })).sid
      );
    scene.messageSids.push(
      (await owner.call('sendMessage', { conversationSid: conversation.sid, key: 'scene', body: 'scene' })).sid
    );
  }
  scene.conversationSids.push('CH' + 'f'.repeat(32));
  for (const identity of identities) scene.tokens.push(await server.issueToken(identity));
  return { scene, owner };
}

/**
 * Sends `frames` fuzzed requests over one connection per identity, `window` in flight on each,
 * checking every reply; then reads back every message the server accepted.
 */
export async function fuzzArgs(
  server: RunningServer,
  identities: string[],
  frames: number,
  seed: number,
  window = 16
): Promise<FuzzTally> {
  const { scene, owner } = await buildScene(server, identities);
  const tally: FuzzTally = { frames: 0, results: 0, errorsByCode: {}, messagesAccepted: 0 };
  const accepted = new Map<string, { body: unknown; attributes: unknown; key: unknown }>();
  const requests = fc.sample(fuzzRequest(scene), { numRuns: frames, seed });
  const keepMembers = async () => {
    for (const conversationSid of scene.conversationSids.slice(0, 3)) {
      for (const identity of identities) await owner.request('addParticipant', { conversationSid, identity });
    }
  };
  let next = 0;
  const clients = await Promise.all(identities.map((_, i) => Requester.connect(server.url, scene.tokens[i])));
  let sinceMembers = 0;
  const worker = async (client: Requester) => {
    while (next < requests.length) {
      const batch = requests.slice(next, next + window);
      next += batch.length;
      const replies = await Promise.all(
        batch.map(([command, args]) => client.request(command, args).then((reply) => [command, args, reply] as const))
      );
      for (const [command, args, reply] of replies) check(command, args, reply, tally, accepted);
      if ((sinceMembers += batch.length) > 500) {
        sinceMembers = 0;
        await keepMembers();
      }
    }
  };
  await Promise.all(clients.map(worker));
  for (const client of clients) client.close();

  // what the server accepted reads back exactly as it was sent
  for (const conversationSid of scene.conversationSids.slice(0, 3)) {
    let anchor: number | null = null;
    for (;;) {
      const page: CommandResult<'getMessages'> = await owner.call('getMessages', {
        conversationSid,
        direction: 'forward',
        anchor,
        pageSize: 100
      });
      for (const message of page.items) {
        const sent = accepted.get(message.sid);
        if (sent) expect({ body: message.body, attributes: message.attributes, key: message.key }).toEqual(sent);
        accepted.delete(message.sid);
      }
      if (!page.hasNextPage) break;
      anchor = page.items.at(-1)!.index + 1;
    }
  }
  expect([...accepted.keys()]).toEqual([]);
  return tally;
}

function check(
  command: CommandName,
  args: unknown,
  reply: Frame,
  tally: FuzzTally,
  accepted: Map<string, { body: unknown; attributes: unknown; key: unknown }>
): void {
  tally.frames++;
  if (reply.error) {
    const error = decode(WireError, reply.error);
    if (!error.ok) throw new Error(`${command}: a malformed error ${JSON.stringify(reply.error)}`);
    if (error.value.code === ErrorCode.Internal)
      throw new Error(`${command} ${JSON.stringify(args)} answered Internal: ${error.value.message}`);
    tally.errorsByCode[error.value.code] = (tally.errorsByCode[error.value.code] ?? 0) + 1;
    return;
  }
  tally.results++;
  const result = decode(commandCodecs[command].result as t.Mixed, reply.result, 'result');
  if (!result.ok) throw new Error(`${command} answered a result its codec refuses: ${result.message}`);
  if (command === 'sendMessage' && reply.position !== undefined) {
    // as the server received them
    const sent = JSON.parse(JSON.stringify(args)) as { body?: unknown; attributes?: unknown; key?: unknown };
    accepted.set((reply.result as { sid: string }).sid, {
      body: sent.body ?? null,
      attributes: sent.attributes ?? {},
      key: sent.key
    });
    tally.messagesAccepted++;
  }
}

/** A socket that sends requests and matches replies by id (many in flight, no frame history kept). */
class Requester {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Frame) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (frame.type !== 'reply') return;
      const resolve = this.pending.get(frame.id!);
      this.pending.delete(frame.id!);
      resolve?.(frame);
    });
    ws.on('close', (code) => {
      for (const resolve of this.pending.values()) resolve({ type: 'reply', id: 0, closed: code });
      this.pending.clear();
    });
  }

  /** Connects and makes the handshake. */
  static async connect(url: string, token: string): Promise<Requester> {
    const ws = await openSocket(url);
    const welcomed = new Promise<Frame>((resolve) =>
      ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as Frame))
    );
    ws.send(JSON.stringify({ type: 'handshake', protocol: PROTOCOL_VERSION, token }));
    const welcome = await welcomed;
    if (welcome.type !== 'welcome') throw new Error(`handshake refused: ${JSON.stringify(welcome)}`);
    return new Requester(ws);
  }

  /** Sends a request (arguments as given, even ones JSON cannot tell from others); answers its reply. */
  request(command: string, args: unknown): Promise<Frame> {
    const id = this.nextId++;
    const reply = new Promise<Frame>((resolve) => this.pending.set(id, resolve));
    this.ws.send(JSON.stringify({ type: 'request', id, command, args }));
    return reply.then((frame) => {
      if (frame.closed !== undefined)
        throw new Error(
          `the server closed the connection (${JSON.stringify(frame.closed)}) before answering ${command}`
        );
      return frame;
    });
  }

  close(): void {
    this.ws.close();
  }
}

import fc from 'fast-check';
import type * as t from 'io-ts';
import WebSocket from 'ws';
import {
  type CommandName,
  type CommandResult,
  ErrorCode,
  LIMITS,
  PROTOCOL_VERSION,
  WireError,
  commandCodecs,
  decode
} from '../../../lib/protocol';
import type { RunningServer } from '../../../lib/server';
import { type Frame, TestClient, openSocket } from './client';

/**
 * A structure-aware fuzzer of command arguments: for every command, arguments that point at a real
 * scene (conversations, participants, messages the fuzzing users take part in), each with some of
 * its fields replaced by arbitrary JSON, lone surrogates, NUL, deep nesting, huge numbers,
 * `__proto__` keys, or extra fields. Every reply must decode, none may be `Internal`, and every
 * message the server accepted must read back exactly as it was sent.
 */

/** Strings of any UTF-16 code units: lone surrogates and NUL included. */
const anyUnits = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 24 })
  .map((units) => String.fromCharCode(...units));
/** Valid text (any code point but NUL). */
const text = fc.string({ unit: 'binary', maxLength: 40 }).map((value) => value.replaceAll('\u0000', ''));

/** JSON with `__proto__` keys (as own keys, the way `JSON.parse` makes them). */
const protoJson = fc
  .jsonValue({ maxDepth: 2 })
  .map((value) => JSON.parse(`{"__proto__":${JSON.stringify(value)},"x":1}`) as unknown);

/**
 * Nested arrays and objects, `depth` levels around a leaf: around the attributes' limit, within the
 * frame's (deeper frames are refused before parsing, see spec/server/socket/admission.spec.ts).
 */
const deep = fc
  .tuple(fc.integer({ min: LIMITS.maxJsonDepth - 3, max: LIMITS.maxFrameDepth - 2 }), fc.boolean())
  .map(([depth, objects]) => {
    let value: unknown = 'leaf';
    for (let i = 0; i < depth; i++) value = objects ? { d: value } : [value];
    return value;
  });

/** Values that break assumptions. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  anyUnits,
  text,
  fc.constantFrom(
    '\ud800',
    'a\udfff',
    '\udc00\ud800',
    '\u0000',
    'nul\u0000inside',
    '',
    ' ',
    '__proto__',
    'constructor',
    'CH' + '0'.repeat(32)
  ),
  fc.constantFrom(2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, 5e-324, -0, 0.5, -1, Number.MAX_SAFE_INTEGER),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(anyUnits, fc.oneof(anyUnits, fc.integer()), { maxKeys: 4 }),
  fc.array(anyUnits, { maxLength: 4 }),
  protoJson,
  deep,
  fc.constantFrom(null, true, false, [], {})
);

/** The real entities the arguments point at. */
export interface ArgsScene {
  conversationSids: string[];
  participantSids: string[];
  messageSids: string[];
  identities: string[];
  tokens: string[];
}

/** Valid arguments for each command, from the scene, with text drawn from any code point. */
function validArgs(scene: ArgsScene): fc.Arbitrary<[CommandName, Record<string, unknown>]> {
  const sid = fc.constantFrom(...scene.conversationSids);
  const participantSid = fc.constantFrom(...scene.participantSids);
  const messageSid = fc.constantFrom(...scene.messageSids);
  const identity = fc.constantFrom(...scene.identities);
  const key = fc
    .string({ unit: 'binary', minLength: 1, maxLength: 20 })
    .map((value) => value.replaceAll('\u0000', '') || 'k');
  const json = fc.jsonValue({ maxDepth: 3 });
  const byCommand: { [K in CommandName]: fc.Arbitrary<Record<string, unknown>> } = {
    listMyConversations: fc.record({ pageSize: fc.integer({ min: 1, max: 1000 }) }, { requiredKeys: [] }),
    getConversation: fc.oneof(fc.record({ sid }), fc.record({ uniqueName: text.filter((s) => s.length > 0) })),
    peekConversation: fc.record({ sid }),
    createConversation: fc.record(
      { friendlyName: text, uniqueName: text, attributes: json, isPrivate: fc.boolean() },
      { requiredKeys: [] }
    ),
    updateConversation: fc.record(
      { sid, friendlyName: text, uniqueName: text, attributes: json },
      { requiredKeys: ['sid'] }
    ),
    deleteConversation: fc.record({ sid }),
    listParticipants: fc.record({ conversationSid: sid }),
    listRosters: fc.record({ conversationSids: fc.array(sid, { minLength: 1, maxLength: 3 }) }),
    addParticipant: fc.record(
      { conversationSid: sid, identity, attributes: json },
      { requiredKeys: ['conversationSid', 'identity'] }
    ),
    joinConversation: fc.record({ conversationSid: sid }),
    leaveConversation: fc.record({ conversationSid: sid }),
    removeParticipant: fc.record(
      { conversationSid: sid, participantSid, identity },
      { requiredKeys: ['conversationSid'] }
    ),
    updateParticipant: fc.record(
      { conversationSid: sid, participantSid, attributes: json, role: fc.constantFrom('user', 'admin') },
      { requiredKeys: ['conversationSid', 'participantSid'] }
    ),
    updateReadHorizon: fc.record(
      { conversationSid: sid, mode: fc.constantFrom('set', 'advance', 'all', 'none'), index: fc.option(fc.nat(50)) },
      { requiredKeys: ['conversationSid', 'mode'] }
    ),
    setNotificationLevel: fc.record({ conversationSid: sid, level: fc.constantFrom('default', 'muted') }),
    typing: fc.record({ conversationSid: sid }),
    ackDelivery: fc.record({ conversationSid: sid, index: fc.nat(50) }),
    sendMessage: fc.record(
      { conversationSid: sid, key, body: text.filter((body) => body.length > 0), attributes: json },
      { requiredKeys: ['conversationSid', 'key', 'body'] }
    ),
    updateMessage: fc.record(
      { conversationSid: sid, messageSid, body: text, attributes: json },
      { requiredKeys: ['conversationSid', 'messageSid'] }
    ),
    removeMessage: fc.record({ conversationSid: sid, messageSid }),
    getMessages: fc.record(
      {
        conversationSid: sid,
        anchor: fc.option(fc.nat(100)),
        direction: fc.constantFrom('backwards', 'forward'),
        pageSize: fc.integer({ min: 1, max: 100 })
      },
      { requiredKeys: ['conversationSid'] }
    ),
    getMessagesCount: fc.record({ conversationSid: sid }),
    subscribeUsers: fc.record({ identities: fc.array(identity, { minLength: 1, maxLength: 5 }) }),
    unsubscribeUsers: fc.record({ identities: fc.array(identity, { minLength: 1, maxLength: 5 }) }),
    updateUser: fc.record({ friendlyName: text, attributes: json }, { requiredKeys: [] }),
    updateToken: fc.record({ token: fc.constantFrom(...scene.tokens) }),
    getMediaUrls: fc.record({
      mediaSids: fc.array(fc.constant('ME' + '0'.repeat(32)), { minLength: 1, maxLength: 3 })
    }),
    setPushRegistration: fc.record({ channelType: fc.constantFrom('apn', 'fcm'), registrationId: key }),
    removePushRegistration: fc.record(
      { channelType: fc.constantFrom('apn', 'fcm'), registrationId: key },
      { requiredKeys: ['channelType'] }
    ),
    getContentTemplates: fc.constant({}),
    getDeliveryReceipts: fc.record({ conversationSid: sid, messageSid }),
    addReaction: fc.record({ conversationSid: sid, messageSid, key: text }),
    removeReaction: fc.record({ conversationSid: sid, messageSid, key: text }),
    searchMessages: fc.record(
      { query: text, conversationSid: sid, pageSize: fc.integer({ min: -1, max: 60 }) },
      { requiredKeys: ['query'] }
    )
  };
  const names = Object.keys(commandCodecs) as CommandName[];
  // sends weigh more: what they store is read back at the end
  return fc.oneof(
    ...names.map((name) => ({
      weight: name === 'sendMessage' ? 8 : 1,
      arbitrary: byCommand[name].map((args) => [name, args] as [CommandName, Record<string, unknown>])
    }))
  );
}

/** One request: valid arguments, then up to three mutations (a field replaced, dropped, added, or the whole args). */
export function fuzzRequest(scene: ArgsScene): fc.Arbitrary<[CommandName, unknown]> {
  const mutation = fc.tuple(
    fc.constantFrom('replace', 'replace', 'drop', 'extra', 'proto', 'whole'),
    fc.nat(),
    hostileValue,
    fc.oneof(anyUnits, fc.constant('__proto__'))
  );
  return fc
    .tuple(validArgs(scene), fc.oneof(fc.constant([]), fc.array(mutation, { minLength: 1, maxLength: 3 })))
    .map(([[command, valid], mutations]) => {
      let args: unknown = valid;
      for (const [how, pick, value, name] of mutations) {
        if (typeof args !== 'object' || args === null || Array.isArray(args)) break;
        const record = args as Record<string, unknown>;
        const keys = Object.keys(record);
        const field = keys.length > 0 ? keys[pick % keys.length] : name;
        if (how === 'replace') args = { ...record, [field]: value };
        else if (how === 'drop') args = Object.fromEntries(Object.entries(record).filter(([k]) => k !== field));
        else if (how === 'extra') args = { ...record, [name || 'x']: value };
        else if (how === 'proto')
          args = JSON.parse(
            `{"__proto__":${JSON.stringify(value) ?? 'null'},${JSON.stringify(record).slice(1)}`.replace(/,}$/, '}')
          );
        else args = value;
      }
      return [command, args];
    });
}

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

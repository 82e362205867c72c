import fc from 'fast-check';
import { type CommandName, LIMITS, PROTOCOL_VERSION, commandCodecs } from '../../../lib/protocol';

/** One frame the fuzzer sends: text or bytes, and, for a request, its id and command. */
export interface FuzzFrame {
  data: string | Buffer;
  binary: boolean;
  /** Set when the frame is a request whose id can be read back from its reply. */
  request?: { id: number; command: string };
  /** The server closes the connection after this frame (invalid UTF-8, over the hard size limit). */
  fatal?: boolean;
}

/** Real sids and tokens the mutated requests point at, so the domain code behind the codecs is reached. */
export interface FuzzScene {
  conversationSids: string[];
  participantSids: string[];
  messageSids: string[];
  identities: string[];
  tokens: string[];
}

/** Values that break assumptions: wrong types, extremes, odd strings, deep nesting, sizes at and over the limits. */
export function nasty(): fc.Arbitrary<unknown> {
  const deep = fc.integer({ min: LIMITS.maxJsonDepth - 2, max: 200 }).map((depth) => {
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { d: value };
    return value;
  });
  return fc.oneof(
    fc.constantFrom(
      null,
      true,
      false,
      0,
      -1,
      0.5,
      -0,
      2 ** 53,
      2 ** 53 + 2,
      -(2 ** 53),
      1e308,
      -1e308,
      5e-324,
      '',
      ' ',
      '\u0000',
      '\ud800',
      '\udfff\ud800',
      '__proto__',
      'constructor',
      'toString',
      'CH' + '0'.repeat(32),
      [],
      {},
      [[]],
      { __proto__: null },
      JSON.parse('{"__proto__":{"polluted":1}}'),
      { toJSON: 1 }
    ),
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 40 }),
    fc.fullUnicodeString({ maxLength: 40 }),
    fc.integer({ min: 250, max: 70_000 }).map((n) => 'é'.repeat(n)),
    deep,
    fc.jsonValue({ maxDepth: 4 }),
    fc.array(fc.string({ maxLength: 8 }), { maxLength: 150 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 8 })
  );
}

/** A well-formed arguments object for each command, pointing at the scene's real entities. */
function validArgs(scene: FuzzScene): fc.Arbitrary<[CommandName, Record<string, unknown>]> {
  const sid = fc.constantFrom(...scene.conversationSids);
  const participantSid = fc.constantFrom(...scene.participantSids);
  const messageSid = fc.constantFrom(...scene.messageSids);
  const identity = fc.constantFrom(...scene.identities);
  const key = fc.string({ minLength: 1, maxLength: 20 });
  const text = fc.fullUnicodeString({ maxLength: 60 });
  const json = fc.jsonValue({ maxDepth: 3 });
  const byCommand: { [K in CommandName]: fc.Arbitrary<Record<string, unknown>> } = {
    listMyConversations: fc.record({ pageSize: fc.integer({ min: 1, max: 1000 }) }, { requiredKeys: [] }),
    getConversation: fc.oneof(fc.record({ sid }), fc.record({ uniqueName: text })),
    peekConversation: fc.record({ sid }),
    createConversation: fc.record(
      { friendlyName: text, uniqueName: text, attributes: json, isPrivate: fc.boolean() },
      { requiredKeys: [] }
    ),
    updateConversation: fc.record(
      { sid, friendlyName: text, attributes: json, state: fc.constantFrom('active', 'inactive') },
      { requiredKeys: ['sid'] }
    ),
    deleteConversation: fc.record({ sid }),
    listParticipants: fc.record({ conversationSid: sid }),
    listRosters: fc.record({ conversationSids: fc.array(sid, { minLength: 1, maxLength: 3 }) }),
    addParticipant: fc.record(
      { conversationSid: sid, identity, attributes: json, role: fc.constantFrom('user', 'admin') },
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
      { conversationSid: sid, mode: fc.constantFrom('set', 'advance', 'all', 'none'), index: fc.option(fc.nat(100)) },
      { requiredKeys: ['conversationSid', 'mode'] }
    ),
    setNotificationLevel: fc.record({ conversationSid: sid, level: fc.constantFrom('default', 'muted') }),
    typing: fc.record({ conversationSid: sid }),
    ackDelivery: fc.record({ conversationSid: sid, index: fc.nat(100) }),
    sendMessage: fc.record(
      { conversationSid: sid, key, body: text, attributes: json },
      { requiredKeys: ['conversationSid', 'key'] }
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
  return fc.oneof(
    ...names.map((name) =>
      (byCommand[name] ?? fc.constant({})).map((args) => [name, args] as [CommandName, Record<string, unknown>])
    )
  );
}

/** A valid request's arguments with one mutation: a field replaced by a nasty value, dropped, or an extra one added. */
function mutatedArgs(scene: FuzzScene): fc.Arbitrary<[string, unknown]> {
  return fc
    .tuple(
      validArgs(scene),
      fc.nat(),
      nasty(),
      fc.constantFrom('replace', 'drop', 'extra', 'whole', 'none'),
      fc.string({ maxLength: 12 })
    )
    .map(([[command, args], pick, value, how, extraKey]) => {
      const keys = Object.keys(args);
      const key = keys.length > 0 ? keys[pick % keys.length] : extraKey;
      switch (how) {
        case 'replace':
          return [command, { ...args, [key]: value }];
        case 'drop': {
          const rest = { ...args };
          delete rest[key];
          return [command, rest];
        }
        case 'extra':
          return [command, { ...args, [extraKey || 'x']: value }];
        case 'whole':
          return [command, value];
        default:
          return [command, args];
      }
    });
}

const text = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

/** Request frames: mostly mutated valid requests; also odd ids and commands that are not commands. */
function requestFrame(scene: FuzzScene, nextId: () => number): fc.Arbitrary<FuzzFrame> {
  const good = mutatedArgs(scene).map(([command, args]): FuzzFrame => {
    const id = nextId();
    return { data: text({ type: 'request', id, command, args }), binary: false, request: { id, command } };
  });
  const odd = fc
    .tuple(
      fc.oneof(fc.constantFrom(-1, 0.5, 2 ** 53, 1e308, '7', null, undefined), fc.integer()),
      fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'toString'),
        nasty()
      ),
      nasty()
    )
    .map(([id, command, args]): FuzzFrame => ({ data: text({ type: 'request', id, command, args }), binary: false }));
  return fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: odd });
}

/** Handshakes, good and bad: wrong protocol, tokens that are not tokens or are someone's, odd resume positions. */
function handshakeFrame(scene: FuzzScene): fc.Arbitrary<FuzzFrame> {
  return fc
    .record(
      {
        protocol: fc.oneof(fc.constant(PROTOCOL_VERSION), nasty()),
        token: fc.oneof(fc.constantFrom(...scene.tokens), fc.constant('a.b.c'), fc.string({ maxLength: 50 }), nasty()),
        resume: fc.oneof(fc.constant(null), fc.record({ position: fc.oneof(fc.nat(), nasty()) }), nasty())
      },
      { requiredKeys: [] }
    )
    .map((fields): FuzzFrame => ({ data: text({ type: 'handshake', ...fields }), binary: false }));
}

/** Any frame the fuzzer may send on a connection whose handshake state it does not control. */
export function fuzzFrame(scene: FuzzScene, nextId: () => number): fc.Arbitrary<FuzzFrame> {
  const deepText = fc.integer({ min: 1000, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));
  return fc.oneof(
    { weight: 20, arbitrary: requestFrame(scene, nextId) },
    {
      weight: 2,
      arbitrary: fc.jsonValue({ maxDepth: 5 }).map((value): FuzzFrame => ({ data: text(value), binary: false }))
    },
    {
      weight: 2,
      arbitrary: fc.fullUnicodeString({ maxLength: 200 }).map((data): FuzzFrame => ({ data, binary: false }))
    },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ maxLength: 300 })
        .map((bytes): FuzzFrame => ({ data: Buffer.from(bytes), binary: true }))
    },
    { weight: 1, arbitrary: handshakeFrame(scene) },
    {
      weight: 1,
      arbitrary: fc
        .record({ type: nasty(), id: nasty() })
        .map((frame): FuzzFrame => ({ data: text(frame), binary: false }))
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('{"type":"ping"}', '{"type":"pong"}')
        .map((data): FuzzFrame => ({ data, binary: false }))
    },
    { weight: 1, arbitrary: deepText.map((data): FuzzFrame => ({ data, binary: false })) },
    {
      weight: 1,
      // large but under the frame limit: parsed, and refused by the codecs (over it is a fatal frame)
      arbitrary: fc
        .integer({ min: LIMITS.maxFrameBytes / 4, max: LIMITS.maxFrameBytes - 200 })
        .map((size): FuzzFrame => {
          const id = nextId();
          const padding = 'p'.repeat(size);
          return {
            data: text({ type: 'request', id, command: 'sendMessage', args: { padding } }),
            binary: false,
            request: { id, command: 'sendMessage' }
          };
        })
    }
  );
}

/** A frame after which the server closes the connection: invalid UTF-8 in a text frame, or one over the frame limit. */
export function fatalFrame(): fc.Arbitrary<FuzzFrame> {
  return fc.oneof(
    fc
      .constantFrom(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), Buffer.from([0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80]))
      .map((data): FuzzFrame => ({ data, binary: false, fatal: true })),
    fc.constant<FuzzFrame>({ data: 'x'.repeat(LIMITS.maxFrameBytes + 1), binary: false, fatal: true })
  );
}

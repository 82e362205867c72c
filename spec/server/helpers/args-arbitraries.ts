import fc from 'fast-check';
import { type CommandName, LIMITS, commandCodecs } from '../../../lib/protocol';

/**
 * The arbitraries of the fuzzers (command arguments here, whole frames in
 * spec/reliability/input/frame-arbitraries.ts): for every command, arguments that point at a real
 * scene, each with some of its fields replaced by hostile values.
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
export function validArgs(scene: ArgsScene): fc.Arbitrary<[CommandName, Record<string, unknown>]> {
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
      { sid, friendlyName: text, uniqueName: text, attributes: json, state: fc.constantFrom('active', 'inactive') },
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

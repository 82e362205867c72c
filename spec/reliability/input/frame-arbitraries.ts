import fc from 'fast-check';
import { LIMITS, PROTOCOL_VERSION } from '../../../lib/protocol';
import { type ArgsScene, fuzzRequest, hostileValue } from '../../server/helpers/args-arbitraries';

/** One frame the fuzzer sends: text or bytes, and, for a request, its id and command. */
export interface FuzzFrame {
  data: string | Buffer;
  binary: boolean;
  /** Set when the frame is a request whose id can be read back from its reply. */
  request?: { id: number; command: string };
  /** The server closes the connection after this frame (invalid UTF-8, over the hard size limit). */
  fatal?: boolean;
}

/**
 * Values that break assumptions: the argument fuzzer's hostile values, and sizes at and over the
 * limits (long strings, long arrays, nesting past the frame's depth).
 */
export function nasty(): fc.Arbitrary<unknown> {
  const deep = fc.integer({ min: LIMITS.maxFrameDepth - 2, max: 200 }).map((depth) => {
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { d: value };
    return value;
  });
  return fc.oneof(
    { weight: 8, arbitrary: hostileValue },
    { weight: 1, arbitrary: fc.integer({ min: 250, max: 70_000 }).map((n) => 'é'.repeat(n)) },
    { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 8 }), { maxLength: 150 }) },
    { weight: 1, arbitrary: deep }
  );
}

const text = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

/** Request frames: mostly mutated valid requests; also odd ids and commands that are not commands. */
function requestFrame(scene: ArgsScene, nextId: () => number): fc.Arbitrary<FuzzFrame> {
  const good = fuzzRequest(scene).map(([command, args]): FuzzFrame => {
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
function handshakeFrame(scene: ArgsScene): fc.Arbitrary<FuzzFrame> {
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
export function fuzzFrame(scene: ArgsScene, nextId: () => number): fc.Arbitrary<FuzzFrame> {
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

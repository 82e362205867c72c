import * as t from 'io-ts';
import { union, intersection } from './combinators';
import { WireError } from './errors';
import { nullable } from './entities';
import { NonNegativeInt } from './json';

/**
 * Client → server: the first frame on a connection. `resume.position` is the last applied event's
 * seq; no `resume`, `resume: null` or `resume: {position: null}` asks for a fresh session.
 */
export const HandshakeFrame = intersection([
  t.type({ type: t.literal('handshake'), protocol: t.number, token: t.string }),
  t.partial({ resume: union([t.type({ position: nullable(NonNegativeInt) }), t.null]) })
]);
/** Client → server: the first frame on a connection. */
export type HandshakeFrame = t.TypeOf<typeof HandshakeFrame>;

/** Client → server: a command. `args` are decoded with the command's own codec. */
export const RequestFrame = t.type({
  type: t.literal('request'),
  id: NonNegativeInt,
  command: t.string,
  args: t.unknown
});
/** Client → server: a command. */
export type RequestFrame = t.TypeOf<typeof RequestFrame>;

/** Either side: a heartbeat; the peer answers `pong`. */
export const PingFrame = t.type({ type: t.literal('ping') });
/** Either side: the answer to `ping`. */
export const PongFrame = t.type({ type: t.literal('pong') });

/** Any frame a client may send. */
export const ClientFrame = union([RequestFrame, HandshakeFrame, PingFrame, PongFrame]);
/** Any frame a client may send. */
export type ClientFrame = t.TypeOf<typeof ClientFrame>;

/**
 * How the server answered a handshake's resume position: `fresh` (no position given), `resumed`
 * (the missed events follow, in order) or `resync` (too far behind: reload state).
 */
export const ResumeOutcome = t.keyof({ fresh: null, resumed: null, resync: null });
/** How the server answered a handshake's resume position. */
export type ResumeOutcome = t.TypeOf<typeof ResumeOutcome>;

/** Server → client: the handshake succeeded. */
export const WelcomeFrame = t.type({
  type: t.literal('welcome'),
  protocol: t.number,
  identity: t.string,
  sessionId: t.string,
  /** The newest position in the server-wide sequence when the session started. */
  position: t.number,
  resume: ResumeOutcome,
  /** When the token expires, in ms since the epoch. */
  expiresAt: t.number,
  /** Base URL of the HTTP endpoints (media upload). */
  httpUrl: t.string,
  reachabilityEnabled: t.boolean,
  /** The server's limits, so a client can check before sending. */
  limits: t.record(t.string, t.number)
});
/** Server → client: the handshake succeeded. */
export type WelcomeFrame = t.TypeOf<typeof WelcomeFrame>;

/** Server → client: the handshake was refused; the server closes the connection after it. */
export const DeniedFrame = t.type({ type: t.literal('denied'), error: WireError });
/** Server → client: the handshake was refused. */
export type DeniedFrame = t.TypeOf<typeof DeniedFrame>;

/**
 * Server → client: the answer to a request, with its result or its error. The server writes the
 * reply BEFORE the events the command caused; `position` is the seq of the last of those events
 * (all of them visible to the requester), so a client can resolve the command once its store has
 * applied them, and emit their events after.
 */
export const ReplyFrame = union([
  intersection([
    t.type({ type: t.literal('reply'), id: t.number, result: t.unknown }),
    t.partial({ position: NonNegativeInt })
  ]),
  t.type({ type: t.literal('reply'), id: t.number, error: WireError })
]);
/** Server → client: the answer to a request. */
export type ReplyFrame = t.TypeOf<typeof ReplyFrame>;

/** Server → client: one event. `data` is decoded with the event's own codec. */
export const EventFrame = intersection([
  t.type({ type: t.literal('event'), name: t.string, data: t.unknown }),
  t.partial({ seq: NonNegativeInt })
]);
/** Server → client: one event. */
export type EventFrame = t.TypeOf<typeof EventFrame>;

/** Server → client: several events in order (replay after resume, bursts). */
export const EventsFrame = t.type({
  type: t.literal('events'),
  events: t.array(intersection([t.type({ name: t.string, data: t.unknown }), t.partial({ seq: NonNegativeInt })]))
});
/** Server → client: several events in order. */
export type EventsFrame = t.TypeOf<typeof EventsFrame>;

/** Server → client: the server closes the session and says why (shutdown, slow consumer, abuse). */
export const CloseFrame = t.type({ type: t.literal('close'), error: WireError });
/** Server → client: the server closes the session and says why. */
export type CloseFrame = t.TypeOf<typeof CloseFrame>;

/** WebSocket close codes the server uses. */
export const CloseCode = {
  /** Server shutting down: reconnect (to this or another node). */
  GoingAway: 1001,
  /** The client broke the protocol repeatedly. */
  ProtocolError: 1002,
  /** A text frame was not valid UTF-8. */
  InvalidPayload: 1007,
  /** A frame exceeded `maxFrameBytes`, or the connection sent too many frames nested deeper than `maxFrameDepth`. */
  TooLarge: 1009,
  /** The handshake was denied (bad or expired token): do not reconnect with the same token. */
  Denied: 4001,
  /** The client read too slowly; resume on reconnect. */
  SlowConsumer: 4008,
  /** The client sent too many requests. */
  RateLimited: 4029
} as const;

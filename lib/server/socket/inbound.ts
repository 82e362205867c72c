import type { RawData } from 'ws';
import { ErrorCode, HandshakeFrame, LIMITS, RequestFrame, type WireError, decode, wireError } from '../../protocol';
import { nestedDeeperThan } from './frame-depth';

/**
 * A client frame, classified. `bad` frames carry the error to answer and the request id when known;
 * a `refused` frame was not parsed at all (over the size before the handshake, or nested too
 * deeply); a `bad-handshake` is a handshake frame that does not decode.
 */
export type Inbound =
  | { kind: 'handshake'; frame: HandshakeFrame }
  | { kind: 'request'; frame: RequestFrame }
  | { kind: 'ping' }
  | { kind: 'pong' }
  | { kind: 'bad'; id: number; error: WireError }
  | { kind: 'bad-handshake'; error: WireError }
  | { kind: 'refused'; error: WireError };

function bytesOf(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

/** The id of a request frame, when the value looks like one; 0 otherwise. */
function idOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : 0;
}

function parse(bytes: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/**
 * Classifies one WebSocket message. Nothing is parsed that is not admitted: the gateway's `ws`
 * server closes the connection (1009) on a frame over `LIMITS.maxFrameBytes` before keeping its
 * bytes; `beforeHandshake`, a frame over `LIMITS.maxHandshakeBytes` is `refused` unparsed; and a
 * frame nested deeper than `LIMITS.maxFrameDepth` is `refused` after a linear scan of its bytes,
 * before the JSON parser (which recurses) sees it. Binary, non-JSON and ill-shaped frames come
 * back `bad`, with the request id when it can be read (0 when it cannot: clients number their
 * requests from 1).
 */
export function classify(data: RawData, isBinary: boolean, beforeHandshake: boolean): Inbound {
  if (isBinary)
    return {
      kind: 'bad',
      id: 0,
      error: wireError(ErrorCode.BadRequest, 'Binary frames are not accepted: send JSON text')
    };
  const bytes = bytesOf(data);
  if (beforeHandshake && bytes.length > LIMITS.maxHandshakeBytes) {
    return {
      kind: 'refused',
      error: wireError(
        ErrorCode.TooLarge,
        `Before the handshake, frames are limited to ${LIMITS.maxHandshakeBytes} bytes (got ${bytes.length})`
      )
    };
  }
  if (nestedDeeperThan(bytes, LIMITS.maxFrameDepth)) {
    return {
      kind: 'refused',
      error: wireError(
        ErrorCode.TooLarge,
        `Frames may nest arrays and objects ${LIMITS.maxFrameDepth} levels deep at most`
      )
    };
  }
  const parsed = parse(bytes);
  if (!parsed.ok) return { kind: 'bad', id: 0, error: wireError(ErrorCode.BadRequest, 'The frame is not valid JSON') };
  const value = parsed.value;
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  switch (type) {
    case 'request': {
      const frame = decode(RequestFrame, value);
      if (frame.ok) return { kind: 'request', frame: frame.value };
      return { kind: 'bad', id: idOf(value), error: wireError(ErrorCode.BadRequest, frame.message, frame.path) };
    }
    case 'handshake': {
      const frame = decode(HandshakeFrame, value);
      if (frame.ok) return { kind: 'handshake', frame: frame.value };
      return {
        kind: 'bad-handshake',
        error: wireError(ErrorCode.BadRequest, `Bad handshake: ${frame.message}`, frame.path)
      };
    }
    case 'ping':
      return { kind: 'ping' };
    case 'pong':
      return { kind: 'pong' };
    default:
      return {
        kind: 'bad',
        id: idOf(value),
        error: wireError(ErrorCode.BadRequest, "type must be 'handshake', 'request', 'ping' or 'pong'", 'type')
      };
  }
}

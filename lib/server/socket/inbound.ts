import type { RawData } from 'ws';
import { ErrorCode, HandshakeFrame, LIMITS, RequestFrame, type WireError, decode, wireError } from '../../protocol';

/** A client frame, classified; `bad` frames carry the error to answer and the request id when known. */
export type Inbound =
  | { kind: 'handshake'; frame: HandshakeFrame }
  | { kind: 'request'; frame: RequestFrame }
  | { kind: 'ping' }
  | { kind: 'pong' }
  | { kind: 'bad'; id: number; error: WireError };

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}

/** The id of a request frame, when the value looks like one; 0 otherwise. */
function idOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : 0;
}

function parse(data: RawData): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text(data)) };
  } catch {
    return { ok: false };
  }
}

/**
 * Classifies one WebSocket message. Binary, non-JSON, oversized (over `LIMITS.maxFrameBytes`)
 * and ill-shaped frames come back `bad`, with the request id when it can be recovered
 * (0 when it cannot: clients number their requests from 1).
 */
export function classify(data: RawData, isBinary: boolean): Inbound {
  if (isBinary) return { kind: 'bad', id: 0, error: wireError(ErrorCode.BadRequest, 'Binary frames are not accepted: send JSON text') };
  const size = byteLength(data);
  const parsed = parse(data);
  if (size > LIMITS.maxFrameBytes) {
    const id = parsed.ok ? idOf(parsed.value) : 0;
    return { kind: 'bad', id, error: wireError(ErrorCode.TooLarge, `Frames are limited to ${LIMITS.maxFrameBytes} bytes (got ${size})`) };
  }
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
      return { kind: 'bad', id: 0, error: wireError(ErrorCode.BadRequest, frame.message, frame.path) };
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

import type * as t from 'io-ts';
import {
  decode,
  eventCodecs,
  type EventName,
  type ServerEvent,
  type WelcomeFrame,
  WelcomeFrame as WelcomeCodec,
  WireError,
  type WireError as WireErrorType
} from '../../protocol';

/** A server frame, decoded and checked. Single events and event batches both become `events`. */
export type IncomingFrame =
  | { type: 'welcome'; welcome: WelcomeFrame }
  | { type: 'denied'; error: WireErrorType }
  | { type: 'close'; error: WireErrorType }
  | { type: 'reply'; id: number; result: unknown; position: number | undefined }
  | { type: 'reply-error'; id: number; error: WireErrorType }
  | { type: 'events'; events: ServerEvent[] }
  | { type: 'ping' }
  | { type: 'pong' };

/** Why a server frame was refused. */
export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function decodeEvent(raw: unknown, where: string): ServerEvent {
  if (!isRecord(raw) || typeof raw.name !== 'string') throw new FrameError(`${where} is not an event`);
  const name = raw.name;
  if (!Object.prototype.hasOwnProperty.call(eventCodecs, name)) throw new FrameError(`${where} has unknown event name ${name}`);
  if (raw.seq !== undefined && (typeof raw.seq !== 'number' || !Number.isInteger(raw.seq) || raw.seq < 0)) {
    throw new FrameError(`${where}.seq is not a position`);
  }
  const codec: t.Mixed = eventCodecs[name as EventName];
  const data = decode(codec, raw.data, `${where}.data`);
  if (!data.ok) throw new FrameError(data.message);
  return (raw.seq === undefined ? { name, data: data.value } : { seq: raw.seq, name, data: data.value }) as ServerEvent;
}

function decodeError(raw: unknown, where: string): WireErrorType {
  const error = decode(WireError, raw, where);
  if (!error.ok) throw new FrameError(error.message);
  return error.value;
}

/**
 * Parses and checks one text frame from the server with the protocol codecs. Throws a
 * `FrameError` naming the bad field; a frame that throws changes nothing.
 */
export function decodeServerFrame(text: unknown): IncomingFrame {
  if (typeof text !== 'string') throw new FrameError('frame is not text');
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    throw new FrameError('frame is not JSON');
  }
  if (!isRecord(frame)) throw new FrameError('frame is not an object');
  switch (frame.type) {
    case 'event':
      return { type: 'events', events: [decodeEvent(frame, 'event')] };
    case 'events': {
      if (!Array.isArray(frame.events)) throw new FrameError('events.events is not an array');
      return { type: 'events', events: frame.events.map((event, i) => decodeEvent(event, `events.${i}`)) };
    }
    case 'reply': {
      if (typeof frame.id !== 'number') throw new FrameError('reply.id is not a number');
      if (frame.error !== undefined) return { type: 'reply-error', id: frame.id, error: decodeError(frame.error, 'reply.error') };
      if (frame.position !== undefined && typeof frame.position !== 'number') throw new FrameError('reply.position is not a number');
      return { type: 'reply', id: frame.id, result: frame.result, position: frame.position as number | undefined };
    }
    case 'welcome': {
      const welcome = decode(WelcomeCodec, frame, 'welcome');
      if (!welcome.ok) throw new FrameError(welcome.message);
      return { type: 'welcome', welcome: welcome.value };
    }
    case 'denied':
      return { type: 'denied', error: decodeError(frame.error, 'denied.error') };
    case 'close':
      return { type: 'close', error: decodeError(frame.error, 'close.error') };
    case 'ping':
      return { type: 'ping' };
    case 'pong':
      return { type: 'pong' };
    default:
      throw new FrameError(`unknown frame type ${String(frame.type)}`);
  }
}

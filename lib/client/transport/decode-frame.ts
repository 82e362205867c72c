import type * as t from 'io-ts';
import {
  CloseFrame,
  DeniedFrame,
  decode,
  eventCodecs,
  EventFrame,
  EventsFrame,
  ReplyFrame,
  WelcomeFrame,
  type EventName,
  type ServerEvent,
  WireError as WireErrorCodec,
  type WireError
} from '../../protocol';

/** A server frame, decoded and checked. Single events and event batches both become `events`. */
export type IncomingFrame =
  | { type: 'welcome'; welcome: WelcomeFrame }
  | { type: 'denied'; error: WireError }
  | { type: 'close'; error: WireError }
  | { type: 'reply'; id: number; result: unknown; position: number | undefined }
  | { type: 'reply-error'; id: number; error: WireError }
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

/** `value` decoded with one of the protocol's frame codecs, or a FrameError naming the bad field. */
function checked<A>(codec: t.Type<A, unknown>, value: unknown, where: string): A {
  const result = decode(codec, value, where);
  if (!result.ok) throw new FrameError(result.message);
  return result.value;
}

const eventPath = (at: number | null) => (at === null ? 'event' : `events.${at}`);

/**
 * An event whose frame is checked: its data decoded with the event's own codec. `at` is its place
 * in an `events` frame (null for an `event` frame); the path is written only for an error, so a
 * valid event costs no string.
 */
function decodeEvent(raw: { name: string; data: unknown; seq?: number }, at: number | null): ServerEvent {
  const name = raw.name;
  if (!Object.prototype.hasOwnProperty.call(eventCodecs, name))
    throw new FrameError(`${eventPath(at)} has unknown event name ${name}`);
  const codec = eventCodecs[name as EventName] as t.Type<unknown>;
  const data = codec.is(raw.data) ? raw.data : checked(codec, raw.data, `${eventPath(at)}.data`);
  return (raw.seq === undefined ? { name, data } : { seq: raw.seq, name, data }) as ServerEvent;
}

/**
 * Parses one text frame from the server and checks it with the protocol's frame codecs
 * (lib/protocol/frames.ts), each event's data with its event codec. Throws a `FrameError` naming the
 * bad field; a frame that throws changes nothing.
 */
export function decodeServerFrame(text: unknown): IncomingFrame {
  if (typeof text !== 'string') throw new FrameError('frame is not text');
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    throw new FrameError('frame is not JSON');
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame))
    throw new FrameError('frame is not an object');
  const type = (frame as { type?: unknown }).type;
  switch (type) {
    case 'event':
      return { type: 'events', events: [decodeEvent(checked(EventFrame, frame, 'event'), null)] };
    case 'events':
      return {
        type: 'events',
        events: checked(EventsFrame, frame, 'events').events.map(decodeEvent)
      };
    case 'reply': {
      const reply = checked(ReplyFrame, frame, 'reply');
      // a reply with both a result and an error is taken as an error, which must then be one
      if ('error' in reply)
        return { type: 'reply-error', id: reply.id, error: checked(WireErrorCodec, reply.error, 'reply.error') };
      return { type: 'reply', id: reply.id, result: reply.result, position: reply.position };
    }
    case 'welcome':
      return { type: 'welcome', welcome: checked(WelcomeFrame, frame, 'welcome') };
    case 'denied':
      return { type: 'denied', error: checked(DeniedFrame, frame, 'denied').error };
    case 'close':
      return { type: 'close', error: checked(CloseFrame, frame, 'close').error };
    case 'ping':
      return { type: 'ping' };
    case 'pong':
      return { type: 'pong' };
    default:
      throw new FrameError(`unknown frame type ${String(type)}`);
  }
}

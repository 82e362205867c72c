import type { BusEvent } from '../bus/bus';

/**
 * An event serialized once for every socket: `body` is its `{seq, name, data}` JSON, `frame`
 * the UTF-8 bytes of the single-event frame, shared by every socket it goes to.
 */
export interface PreparedEvent {
  /** Tells prepared events apart (ephemeral ones have no seq). */
  readonly id: number;
  readonly seq?: number;
  readonly body: string;
  readonly frame: Buffer;
}

let prepared = 0;

/** Serializes an event once. */
export function prepareEvent(event: BusEvent): PreparedEvent {
  const body = JSON.stringify(
    event.seq === undefined
      ? { name: event.name, data: event.data }
      : { seq: event.seq, name: event.name, data: event.data }
  );
  return { id: ++prepared, seq: event.seq, body, frame: Buffer.from(`{"type":"event",${body.slice(1)}`) };
}

/** The bytes of one `events` frame holding `events` in order. */
export function batchFrame(events: readonly PreparedEvent[]): Buffer {
  if (events.length === 1) return events[0].frame;
  return Buffer.from(`{"type":"events","events":[${events.map((e) => e.body).join(',')}]}`);
}

/**
 * The frames of one flush, each built once: the sessions given the same events in the same order (the
 * participants of one conversation) share the bytes of their `events` frame.
 */
export class BatchFrames {
  readonly #built = new Map<string, Buffer>();

  /** The bytes of one frame holding `events` in order. */
  of(events: readonly PreparedEvent[]): Buffer {
    if (events.length === 1) return events[0].frame;
    const key = events.map((e) => e.id).join(',');
    let frame = this.#built.get(key);
    if (!frame) this.#built.set(key, (frame = batchFrame(events)));
    return frame;
  }
}

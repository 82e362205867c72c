import type { BusEvent } from '../bus/bus';

/**
 * An event serialized once for every socket: `body` is its `{seq, name, data}` JSON, `frame`
 * the UTF-8 bytes of the single-event frame, shared by every socket it goes to.
 */
export interface PreparedEvent {
  readonly seq?: number;
  readonly body: string;
  readonly frame: Buffer;
}

/** Serializes an event once. */
export function prepareEvent(event: BusEvent): PreparedEvent {
  const body = JSON.stringify(
    event.seq === undefined
      ? { name: event.name, data: event.data }
      : { seq: event.seq, name: event.name, data: event.data }
  );
  return { seq: event.seq, body, frame: Buffer.from(`{"type":"event",${body.slice(1)}`) };
}

/** The bytes of one `events` frame holding `events` in order. */
export function batchFrame(events: readonly PreparedEvent[]): Buffer {
  if (events.length === 1) return events[0].frame;
  return Buffer.from(`{"type":"events","events":[${events.map((e) => e.body).join(',')}]}`);
}

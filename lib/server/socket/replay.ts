import type { ResumeOutcome } from '../../protocol';
import type { EventRecord } from '../storage/records';
import type { Reader } from '../storage/storage';

/** Most events in one replay frame, and the size past which a frame is cut. */
const EVENTS_PER_FRAME = 500;
const BYTES_PER_FRAME = 256 * 1024;

/** What a handshake's resume position leads to: the outcome, the head, and the events to replay. */
export interface ResumePlan {
  outcome: ResumeOutcome;
  /** The newest position when the session starts. */
  head: number;
  events: EventRecord[];
}

/**
 * Decides how to answer a resume position and reads the missed events the identity may see,
 * in seq order: `fresh` without a position; `resync` when the position is ahead of the head,
 * older than what was pruned, or more than `limit` visible events behind; else `resumed`.
 */
export async function planResume(
  reader: Reader,
  identity: string,
  position: number | null,
  limit: number
): Promise<ResumePlan> {
  const head = await reader.head();
  if (position === null) return { outcome: 'fresh', head, events: [] };
  if (position > head || position < (await reader.prunedThrough())) return { outcome: 'resync', head, events: [] };
  const events = await reader.eventsVisibleTo(identity, position, limit + 1);
  if (events.length > limit) return { outcome: 'resync', head, events: [] };
  return { outcome: 'resumed', head, events };
}

/** The replayed events as `events` frames (JSON text), in order, each of bounded size. */
export function replayFrames(events: readonly EventRecord[]): string[] {
  const frames: string[] = [];
  let bodies: string[] = [];
  let bytes = 0;
  const cut = () => {
    if (bodies.length > 0) frames.push(`{"type":"events","events":[${bodies.join(',')}]}`);
    bodies = [];
    bytes = 0;
  };
  for (const event of events) {
    const body = JSON.stringify({ seq: event.seq, name: event.name, data: event.data });
    if (bodies.length >= EVENTS_PER_FRAME || bytes + body.length > BYTES_PER_FRAME) cut();
    bodies.push(body);
    bytes += body.length;
  }
  cut();
  return frames;
}

import type { ResumeOutcome } from '../../protocol';
import type { EventRecord } from '../storage/records';
import type { Reader, Storage } from '../storage/storage';

/** Events read from storage at a time while replaying: bounds the memory one resume takes. */
export const REPLAY_PAGE = 200;
/** Most events in one replay frame, and the size past which a frame is cut. */
const EVENTS_PER_FRAME = 500;
const BYTES_PER_FRAME = 256 * 1024;

/** What a handshake's resume position leads to: the outcome, the head, and the first page to replay. */
export interface ResumePlan {
  outcome: ResumeOutcome;
  /** The newest position when the session starts: the replay ends there, live delivery starts after it. */
  head: number;
  /** The first page of missed events (all of them when `more` is false). */
  events: EventRecord[];
  /** Whether more missed events follow the first page. */
  more: boolean;
}

/**
 * Decides how to answer a resume position and reads the first page of the missed events the
 * identity may see, in seq order: `fresh` without a position; `resync` when the position is
 * ahead of the head or older than what was pruned; else `resumed`, unless the client is more
 * than `limit` events behind: exactly, when what it missed fits in one page (or `limit` is
 * smaller than a page), else by the distance to the head (the visible events can be no more).
 */
export async function planResume(
  reader: Reader,
  identity: string,
  position: number | null,
  limit: number
): Promise<ResumePlan> {
  const head = await reader.head();
  if (position === null) return { outcome: 'fresh', head, events: [], more: false };
  const resync: ResumePlan = { outcome: 'resync', head, events: [], more: false };
  if (position > head || position < (await reader.prunedThrough())) return resync;
  const asked = Math.min(REPLAY_PAGE, limit + 1);
  const events = await reader.eventsVisibleTo(identity, position, asked);
  if (events.length > limit) return resync;
  const more = events.length === asked;
  if (more && head - position > limit) return resync;
  return { outcome: 'resumed', head, events, more };
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

/** Where a replay goes: a frame at a time, once the socket can take it (`ready` is false once it closed). */
export interface ReplaySink {
  ready(): Promise<boolean>;
  write(frame: string): void;
}

/**
 * Sends a resumed session the events it missed, up to the plan's head, page by page: each page
 * is read in its own storage job and written as the socket drains, so a long absence costs one
 * page of memory, not the whole backlog. Answers `done`, `closed` (the socket went away), or
 * `pruned` (events it still needed were pruned meanwhile: it must resume again, and resync).
 */
export async function streamReplay(
  storage: Storage,
  identity: string,
  plan: ResumePlan,
  sink: ReplaySink
): Promise<'done' | 'closed' | 'pruned'> {
  let events = plan.events;
  let more = plan.more;
  for (;;) {
    for (const frame of replayFrames(events)) {
      if (!(await sink.ready())) return 'closed';
      sink.write(frame);
    }
    const last = events[events.length - 1]?.seq;
    if (!more || last === undefined || last >= plan.head) return 'done';
    const page = await storage.read(async (reader) => {
      const next = await reader.eventsVisibleTo(identity, last, REPLAY_PAGE);
      return (await reader.prunedThrough()) > last ? null : next;
    });
    if (page === null) return 'pruned';
    more = page.length === REPLAY_PAGE;
    // later events reach the session live
    events = page.filter((event) => event.seq <= plan.head);
  }
}

import type { MessageData, ParticipantData } from '../../protocol';
import { lookup } from './records';

/** How far a message got among the other participants of its conversation. */
export interface MessageReceipt {
  /** The participants other than the author, as far as the roster is known. */
  readonly total: number;
  /** Those whose delivery or read horizon reached the message (read implies delivered). */
  readonly delivered: number;
  /** Those whose read horizon reached the message. */
  readonly read: number;
}

/** Counts, for any message, how many of the other participants received and read it. */
export type ReceiptCounter = (message: MessageData) => MessageReceipt;

const EMPTY: MessageReceipt = Object.freeze({ total: 0, delivered: 0, read: 0 });

/** How many values of the ascending `sorted` are at least `index`. */
function atLeast(sorted: readonly number[], index: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < index) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

/** Whether `participant` wrote `message`: by participant sid, else by identity. */
export function isAuthor(participant: ParticipantData, message: MessageData): boolean {
  if (message.participantSid !== null) return participant.sid === message.participantSid;
  return message.author !== null && participant.identity === message.author;
}

/** A participant's read horizon (-1 before the first read). */
export const readOf = (p: ParticipantData): number => p.lastReadMessageIndex ?? -1;
/** A participant's delivery horizon: read implies delivered. */
export const deliveredOf = (p: ParticipantData): number => Math.max(readOf(p), p.lastDeliveredMessageIndex ?? -1);

/**
 * A roster's horizons sorted once, for counting any message's receipts in O(log n) without
 * allocating. Each count takes the message's author in this roster (`author`), found once.
 */
export interface RosterHorizons {
  /** The message's author among these participants, if there. */
  author(message: MessageData): ParticipantData | undefined;
  /** Those whose delivery horizon reached `message`, its author not counted. */
  delivered(message: MessageData, author: ParticipantData | undefined): number;
  /** Those whose read horizon reached `message`, its author not counted. */
  read(message: MessageData, author: ParticipantData | undefined): number;
  /** The participants other than the author. */
  total(author: ParticipantData | undefined): number;
}

const horizonsOf = new WeakMap<object, RosterHorizons>();
const counters = new WeakMap<object, ReceiptCounter>();

/**
 * The sorted horizons of one roster, memoized per roster object (the store's rosters are immutable).
 * The author is found by participant sid in the roster itself, else by identity (a map made only
 * when a message has no participant sid).
 */
export function rosterHorizons(bySid: Readonly<Record<string, ParticipantData>>): RosterHorizons {
  const known = horizonsOf.get(bySid);
  if (known) return known;
  const participants = Object.values(bySid);
  const read = participants.map(readOf).sort((a, b) => a - b);
  const delivered = participants.map(deliveredOf).sort((a, b) => a - b);
  let byIdentity: Map<string, ParticipantData> | undefined;
  // the author's own horizons are among the sorted ones: taken out again
  const horizons: RosterHorizons = {
    author(message) {
      const sid = message.participantSid;
      if (sid !== null) return lookup(bySid, sid);
      if (message.author === null) return undefined;
      byIdentity ??= new Map(participants.filter((p) => p.identity !== null).map((p) => [p.identity as string, p]));
      return byIdentity.get(message.author);
    },
    delivered(message, author) {
      const own = author !== undefined && deliveredOf(author) >= message.index ? 1 : 0;
      return atLeast(delivered, message.index) - own;
    },
    read(message, author) {
      const own = author !== undefined && readOf(author) >= message.index ? 1 : 0;
      return atLeast(read, message.index) - own;
    },
    total(author) {
      return participants.length - (author === undefined ? 0 : 1);
    }
  };
  horizonsOf.set(bySid, horizons);
  return horizons;
}

/**
 * A counter over one roster: the horizons sorted once, then O(log n) per message, so a window of
 * messages in a 1,000-participant conversation is counted in microseconds. Memoized per roster
 * object. Read implies delivered; the author is not counted.
 */
export function receiptCounter(bySid: Readonly<Record<string, ParticipantData>> | undefined): ReceiptCounter {
  if (bySid === undefined) return () => EMPTY;
  const known = counters.get(bySid);
  if (known) return known;
  const horizons = rosterHorizons(bySid);
  const counter: ReceiptCounter = (message) => {
    const author = horizons.author(message);
    return {
      total: horizons.total(author),
      delivered: horizons.delivered(message, author),
      read: horizons.read(message, author)
    };
  };
  counters.set(bySid, counter);
  return counter;
}

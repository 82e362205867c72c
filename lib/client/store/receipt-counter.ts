import type { MessageData, ParticipantData } from '../../protocol';

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

const counters = new WeakMap<object, ReceiptCounter>();

/**
 * A counter over one roster: the horizons sorted once, then O(log n) per message, so a window of
 * messages in a 1,000-participant conversation is counted in microseconds. Memoized per roster
 * object (the store's rosters are immutable). Read implies delivered; the author is not counted.
 */
export function receiptCounter(bySid: Readonly<Record<string, ParticipantData>> | undefined): ReceiptCounter {
  if (bySid === undefined) return () => EMPTY;
  const known = counters.get(bySid);
  if (known) return known;
  const participants = Object.values(bySid);
  const read = participants.map(readOf).sort((a, b) => a - b);
  const delivered = participants.map(deliveredOf).sort((a, b) => a - b);
  const bySidMap = new Map(participants.map((p) => [p.sid, p]));
  const byIdentity = new Map(participants.filter((p) => p.identity !== null).map((p) => [p.identity as string, p]));
  const counter: ReceiptCounter = (message) => {
    const author =
      message.participantSid !== null
        ? bySidMap.get(message.participantSid)
        : message.author !== null
          ? byIdentity.get(message.author)
          : undefined;
    // the author's own horizons are among the sorted ones: taken out again
    const ownDelivered = author !== undefined && deliveredOf(author) >= message.index ? 1 : 0;
    const ownRead = author !== undefined && readOf(author) >= message.index ? 1 : 0;
    return {
      total: participants.length - (author === undefined ? 0 : 1),
      delivered: atLeast(delivered, message.index) - ownDelivered,
      read: atLeast(read, message.index) - ownRead
    };
  };
  counters.set(bySid, counter);
  return counter;
}

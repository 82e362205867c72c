import type { MessageData, ParticipantData } from '../../protocol';
import type { ReceiptCounts } from './aggregated-delivery-receipt';

/** Counts, for any message, how many of the other participants received and read it. */
export type ReceiptCounter = (message: MessageData) => ReceiptCounts;

const EMPTY: ReceiptCounts = Object.freeze({ total: 0, delivered: 0, read: 0 });

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
  const readOf = (p: ParticipantData) => p.lastReadMessageIndex ?? -1;
  const deliveredOf = (p: ParticipantData) => Math.max(readOf(p), p.lastDeliveredMessageIndex ?? -1);
  const read = participants.map(readOf).sort((a, b) => a - b);
  const delivered = participants.map(deliveredOf).sort((a, b) => a - b);
  const bySidMap = new Map(participants.map((p) => [p.sid, p]));
  const byIdentity = new Map(participants.filter((p) => p.identity !== null).map((p) => [p.identity as string, p]));
  const counter: ReceiptCounter = (message) => {
    const author =
      message.participantSid !== null ? bySidMap.get(message.participantSid) : message.author !== null ? byIdentity.get(message.author) : undefined;
    const own = (horizon: number) => (author !== undefined && horizon >= message.index ? 1 : 0);
    return {
      total: participants.length - (author === undefined ? 0 : 1),
      delivered: atLeast(delivered, message.index) - (author === undefined ? 0 : own(deliveredOf(author))),
      read: atLeast(read, message.index) - (author === undefined ? 0 : own(readOf(author)))
    };
  };
  counters.set(bySid, counter);
  return counter;
}

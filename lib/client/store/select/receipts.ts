import type { MessageData, ParticipantData } from '../../../protocol';
import { messageAt } from '../chunks';
import { createSelector, selectorFamily, type Selector } from '../memoize';
import { lookup } from '../records';
import type { State } from '../state';

/** How far a message got among the other participants of its conversation. */
export interface MessageReceipt {
  /** The participants other than the author, as far as the roster is known. */
  readonly total: number;
  /** Those whose delivery or read horizon reached the message (read implies delivered). */
  readonly delivered: number;
  /** Those whose read horizon reached the message. */
  readonly read: number;
}

/**
 * Receipts of one message from the participants' horizons, counting everyone but its author; null
 * when the window does not hold the message. Keyed by sid and index; an equal count keeps the last
 * object.
 */
export function selectMessageReceipt(sid: string, index: number): Selector<State, MessageReceipt | null> {
  return receiptSelectors(`${index}:${sid}`);
}

const receiptSelectors = selectorFamily((key: string): Selector<State, MessageReceipt | null> => {
  const colon = key.indexOf(':');
  const index = Number(key.slice(0, colon));
  const sid = key.slice(colon + 1);
  return createSelector(
    [(state: State) => lookup(state.participants, sid)?.bySid, (state: State) => messageAt(lookup(state.messages, sid), index)],
    (bySid, message) => (message === undefined ? null : count(bySid, message)),
    sameReceipt
  );
});

function count(bySid: Readonly<Record<string, ParticipantData>> | undefined, message: MessageData): MessageReceipt {
  let total = 0;
  let delivered = 0;
  let read = 0;
  for (const participantSid in bySid) {
    const participant = bySid[participantSid];
    if (isAuthor(participant, message)) continue;
    total += 1;
    const hasRead = participant.lastReadMessageIndex !== null && participant.lastReadMessageIndex >= message.index;
    if (hasRead) read += 1;
    if (hasRead || (participant.lastDeliveredMessageIndex !== null && participant.lastDeliveredMessageIndex >= message.index)) delivered += 1;
  }
  return { total, delivered, read };
}

function isAuthor(participant: ParticipantData, message: MessageData): boolean {
  if (message.participantSid !== null) return participant.sid === message.participantSid;
  return message.author !== null && participant.identity === message.author;
}

function sameReceipt(a: MessageReceipt | null, b: MessageReceipt | null): boolean {
  if (a === null || b === null) return a === b;
  return a.total === b.total && a.delivered === b.delivered && a.read === b.read;
}

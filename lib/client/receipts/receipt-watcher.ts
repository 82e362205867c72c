import type { MessageData, ParticipantData } from '../../protocol';
import type { Emission } from '../store/emissions';
import { CHUNK_SIZE, type MessageWindow, type State } from '../store/state';
import { amountOf } from './aggregated-delivery-receipt';
import { deliveredOf, readOf, receiptCounter } from './receipt-counter';

/** The indexes whose receipts a roster change can have moved: a span, or every message. */
type Affected = { from: number; to: number } | 'all' | null;

/**
 * Which messages a roster change can concern. A participant who came or went changes every
 * message's total; one whose horizon moved from `a` to `b` changes only the messages in between.
 */
export function affectedBy(before: Readonly<Record<string, ParticipantData>>, after: Readonly<Record<string, ParticipantData>>): Affected {
  let from = Infinity;
  let to = -Infinity;
  for (const sid in after) {
    const now = after[sid];
    const was = before[sid];
    if (was === now) continue;
    if (was === undefined) return 'all';
    for (const [a, b] of [[deliveredOf(was), deliveredOf(now)], [readOf(was), readOf(now)]]) {
      if (a === b) continue;
      from = Math.min(from, Math.min(a, b) + 1);
      to = Math.max(to, Math.max(a, b));
    }
  }
  for (const sid in before) if (!(sid in after)) return 'all';
  return from <= to ? { from, to } : null;
}

/** The messages the window holds within the span (every one for 'all'). */
function* heldIn(window: MessageWindow, affected: Exclude<Affected, null>): Generator<MessageData> {
  const { chunkKeys, chunkList } = window;
  for (let at = 0; at < chunkKeys.length; at++) {
    const first = chunkKeys[at] * CHUNK_SIZE;
    if (affected !== 'all' && (first + CHUNK_SIZE <= affected.from || first > affected.to)) continue;
    for (const message of chunkList[at]) {
      if (message === undefined) continue;
      if (affected === 'all' || (message.index >= affected.from && message.index <= affected.to)) yield message;
    }
  }
}

/**
 * Turns roster changes into `messageUpdated` with reason `deliveryReceipt`, for the held messages
 * whose aggregated receipt changed amount (`none` → `some` → `all`). Everything is derived on the
 * client from the participants' horizons: the server sends no event per message per participant.
 * Only the messages between a participant's old and new horizon are counted again, so an
 * acknowledgement in a busy room costs a few messages, not the whole window.
 */
export class ReceiptWatcher {
  #rosters: State['participants'] | null = null;

  /** The receipt emissions of a newly published state (none when no roster changed). */
  published(state: State): Emission[] {
    const before = this.#rosters;
    this.#rosters = state.participants;
    if (before === null || before === state.participants) return [];
    const out: Emission[] = [];
    for (const conversationSid in state.participants) {
      const roster = state.participants[conversationSid];
      const previous = before[conversationSid];
      const window = state.messages[conversationSid];
      if (previous === roster || previous === undefined || window === undefined || window.size === 0) continue;
      const affected = affectedBy(previous.bySid, roster.bySid);
      if (affected === null) continue;
      const was = receiptCounter(previous.bySid);
      const now = receiptCounter(roster.bySid);
      for (const message of heldIn(window, affected)) {
        const a = was(message);
        const b = now(message);
        if (
          amountOf(a.delivered, a.total) !== amountOf(b.delivered, b.total) ||
          amountOf(a.read, a.total) !== amountOf(b.read, b.total) ||
          (a.total > 0) !== (b.total > 0)
        ) {
          out.push({ type: 'messageUpdated', conversationSid, index: message.index, reasons: ['deliveryReceipt'] });
        }
      }
    }
    return out;
  }
}

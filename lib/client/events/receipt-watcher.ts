import type { ParticipantData } from '../../protocol';
import { heldMessages, heldMessagesBetween } from '../store/chunks';
import type { Emission } from '../store/emissions';
import type { State } from '../store/state';
import { amountOf } from '../receipts/aggregated-delivery-receipt';
import { deliveredOf, readOf, rosterHorizons } from '../store/receipt-counter';

/** The indexes whose receipts a roster change can have moved: a span, or every message. */
type Affected = { from: number; to: number } | 'all' | null;

/**
 * Which messages a roster change can concern. A participant who came or went changes every
 * message's total; one whose horizon moved from `a` to `b` changes only the messages in between.
 */
export function affectedBy(
  before: Readonly<Record<string, ParticipantData>>,
  after: Readonly<Record<string, ParticipantData>>
): Affected {
  const span = { from: Infinity, to: -Infinity };
  for (const sid in after) {
    const now = after[sid];
    const was = before[sid];
    if (was === now) continue;
    if (was === undefined) return 'all';
    widen(span, deliveredOf(was), deliveredOf(now));
    widen(span, readOf(was), readOf(now));
  }
  for (const sid in before) if (!(sid in after)) return 'all';
  return span.from <= span.to ? span : null;
}

/** Takes into `span` the indexes a horizon passed moving from `a` to `b` (either way). */
function widen(span: { from: number; to: number }, a: number, b: number): void {
  if (a === b) return;
  span.from = Math.min(span.from, Math.min(a, b) + 1);
  span.to = Math.max(span.to, Math.max(a, b));
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
      const was = rosterHorizons(previous.bySid);
      const now = rosterHorizons(roster.bySid);
      const messages =
        affected === 'all' ? heldMessages(window) : heldMessagesBetween(window, affected.from, affected.to);
      for (const message of messages) {
        const authorWas = was.author(message);
        const authorNow = now.author(message);
        const totalWas = was.total(authorWas);
        const totalNow = now.total(authorNow);
        if (
          amountOf(was.delivered(message, authorWas), totalWas) !==
            amountOf(now.delivered(message, authorNow), totalNow) ||
          amountOf(was.read(message, authorWas), totalWas) !== amountOf(now.read(message, authorNow), totalNow) ||
          totalWas > 0 !== totalNow > 0
        ) {
          out.push({ type: 'messageUpdated', conversationSid, index: message.index, reasons: ['deliveryReceipt'] });
        }
      }
    }
    return out;
  }
}

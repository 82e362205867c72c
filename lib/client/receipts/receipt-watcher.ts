import { heldMessages } from '../store/chunks';
import type { Emission } from '../store/emissions';
import type { State } from '../store/state';
import { amountOf } from './aggregated-delivery-receipt';
import { receiptCounter } from './receipt-counter';

/**
 * Turns roster changes into `messageUpdated` with reason `deliveryReceipt`, for the held messages
 * whose aggregated receipt changed amount (`none` → `some` → `all`). Everything is derived on the
 * client from the participants' horizons: the server sends no event per message per participant.
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
      if (previous === roster || previous === undefined) continue;
      const was = receiptCounter(previous.bySid);
      const now = receiptCounter(roster.bySid);
      for (const message of heldMessages(state.messages[conversationSid])) {
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

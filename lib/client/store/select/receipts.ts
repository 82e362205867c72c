import { messageAt } from '../chunks';
import { createSelector, selectorFamily, type Selector } from '../memoize';
import { receiptCounter, type MessageReceipt } from '../receipt-counter';
import { lookup } from '../records';
import type { State } from '../state';

export type { MessageReceipt };

/**
 * Receipts of one message from the participants' horizons, counting everyone but its author; null
 * when the window does not hold the message. Keyed by sid and index; an equal count keeps the last
 * object. The same counter (horizons sorted once per roster) serves every message of a roster.
 */
export function selectMessageReceipt(sid: string, index: number): Selector<State, MessageReceipt | null> {
  return receiptSelectors(`${index}:${sid}`);
}

const receiptSelectors = selectorFamily((key: string): Selector<State, MessageReceipt | null> => {
  const colon = key.indexOf(':');
  const index = Number(key.slice(0, colon));
  const sid = key.slice(colon + 1);
  return createSelector(
    [
      (state: State) => lookup(state.participants, sid)?.bySid,
      (state: State) => messageAt(lookup(state.messages, sid), index)
    ],
    (bySid, message) => (message === undefined ? null : Object.freeze(receiptCounter(bySid)(message))),
    sameReceipt
  );
});

function sameReceipt(a: MessageReceipt | null, b: MessageReceipt | null): boolean {
  if (a === null || b === null) return a === b;
  return a.total === b.total && a.delivered === b.delivered && a.read === b.read;
}

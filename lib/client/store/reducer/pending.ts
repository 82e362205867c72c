import type { WireError } from '../../../protocol';
import { writableWindow } from '../chunks';
import { jsonEqual } from '../equal';
import { deepFreeze } from '../freeze';
import type { PendingMessage } from '../state';
import type { Tx } from './tx';

/**
 * Optimistic sends, kept in the order they were issued in their conversation's window (created if
 * absent). None of these emit: pending messages are seen through the store and its selectors.
 */

/** A send was issued: appended (or, with a key already pending, replaced in place). */
export function pendingAdded(tx: Tx, message: PendingMessage): void {
  const sid = message.conversationSid;
  const window = writableWindow(tx.messages.get(sid));
  const at = window.pending.findIndex((item) => item.key === message.key);
  const pending = [...window.pending];
  if (at === -1) pending.push(deepFreeze(message));
  else pending[at] = deepFreeze(message);
  window.pending = pending;
  tx.messages.set(sid, window);
}

/** A send failed: marked failed with its error. */
export function pendingFailed(tx: Tx, conversationSid: string, key: string, error: WireError): void {
  changePending(tx, conversationSid, key, (item) => ({ ...item, status: 'failed', error }));
}

/** A failed send is being retried: pending again. */
export function pendingRetried(tx: Tx, conversationSid: string, key: string): void {
  changePending(tx, conversationSid, key, (item) => ({ ...item, status: 'pending', error: null }));
}

/** A send was discarded (or reconciled by the client itself). A window left with nothing goes. */
export function pendingRemoved(tx: Tx, conversationSid: string, key: string): void {
  const held = tx.messages.get(conversationSid);
  if (held === undefined || !held.pending.some((item) => item.key === key)) return;
  const window = writableWindow(held);
  window.pending = held.pending.filter((item) => item.key !== key);
  if (window.size === 0 && window.pending.length === 0 && window.chunkList.length === 0) {
    tx.messages.delete(conversationSid);
  } else {
    tx.messages.set(conversationSid, window);
  }
}

function changePending(
  tx: Tx,
  conversationSid: string,
  key: string,
  change: (item: PendingMessage) => PendingMessage
): void {
  const held = tx.messages.get(conversationSid);
  const at = held?.pending.findIndex((item) => item.key === key) ?? -1;
  if (held === undefined || at === -1) return;
  const next = deepFreeze(change(held.pending[at]));
  if (next.status === held.pending[at].status && jsonEqual(next.error, held.pending[at].error)) return;
  const window = writableWindow(held);
  const pending = [...held.pending];
  pending[at] = next;
  window.pending = pending;
  tx.messages.set(conversationSid, window);
}

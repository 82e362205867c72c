import type { MessageData, WireError } from '../../../protocol';
import { deepFreeze } from '../freeze';
import type { HistoryEntry } from '../state';
import { messagesLoaded } from './messages';
import type { Tx } from './tx';

const NOTHING_YET: HistoryEntry = { loading: false, error: null, firstIndex: null, dropped: false };

function put(tx: Tx, sid: string, change: Partial<HistoryEntry>): void {
  const prev = tx.history.get(sid) ?? NOTHING_YET;
  tx.history.set(sid, { ...prev, ...change });
}

/** An older page was asked for: loading, no error. Only for a conversation the store holds. */
export function historyRequested(tx: Tx, sid: string): void {
  if (tx.conversations.get(sid) === undefined) return;
  put(tx, sid, { loading: true, error: null });
}

/**
 * An older page arrived: its messages go into the window (as any page), and when the server had
 * nothing before it, the index of the conversation's first message is known.
 */
export function historyLoaded(tx: Tx, sid: string, items: readonly MessageData[], reachedStart: boolean): void {
  if (tx.conversations.get(sid) === undefined) return;
  messagesLoaded(tx, sid, items);
  const firstIndex = reachedStart ? (items[0]?.index ?? -1) : (tx.history.get(sid)?.firstIndex ?? null);
  put(tx, sid, { loading: false, error: null, firstIndex, dropped: false });
}

/** Loading an older page failed. */
export function historyFailed(tx: Tx, sid: string, error: WireError): void {
  if (tx.conversations.get(sid) === undefined) return;
  put(tx, sid, { loading: false, error: deepFreeze({ ...error }) });
}

/** A resync dropped the conversation's messages: said so until the next load. */
export function historyDropped(tx: Tx, sid: string): void {
  put(tx, sid, { dropped: true });
}

/** The conversation went away: so does its history state. */
export function historyForgotten(tx: Tx, sid: string): void {
  if (tx.history.get(sid) !== undefined) tx.history.delete(sid);
}

import type { ConversationUpdateReason } from '../emissions';
import type { ConversationEntry } from '../state';
import { historyForgotten } from './history';
import { conversationReasons, sameData } from './reasons';
import type { Tx } from './tx';

/** The reasons that concern the user's own view, not the shared fields. */
const OWN_REASONS: ReadonlySet<ConversationUpdateReason> = new Set([
  'lastReadMessageIndex',
  'status',
  'notificationLevel'
]);

/** Adds a conversation the store did not know: conversationAdded, then conversationJoined if joined. */
export function addConversation(tx: Tx, entry: ConversationEntry): void {
  const sid = entry.data.sid;
  tx.conversations.set(sid, entry);
  tx.emit({ type: 'conversationAdded', conversationSid: sid });
  if (entry.status === 'joined') tx.emit({ type: 'conversationJoined', conversationSid: sid });
}

/**
 * Replaces a known conversation's entry. Emits conversationUpdated with the reasons that really
 * changed (none: no emission), then conversationJoined if it became joined. Unchanged parts keep
 * their references; an equal entry changes nothing.
 */
export function replaceConversation(tx: Tx, prev: ConversationEntry, next: ConversationEntry): void {
  if (prev === next) return;
  const sid = prev.data.sid;
  const reasons = conversationReasons(prev, next);
  const keepData = reasons.every((reason) => OWN_REASONS.has(reason)) && sameData(prev.data, next.data);
  const sameOwn =
    prev.participantSid === next.participantSid &&
    prev.unreadCount === next.unreadCount &&
    prev.mentionCount === next.mentionCount;
  if (reasons.length === 0 && keepData && sameOwn) return;
  tx.conversations.set(sid, keepData ? { ...next, data: prev.data } : next);
  if (reasons.length > 0) tx.emit({ type: 'conversationUpdated', conversationSid: sid, reasons });
  if (prev.status !== 'joined' && next.status === 'joined')
    tx.emit({ type: 'conversationJoined', conversationSid: sid });
}

/**
 * The user left a conversation or it was deleted: conversationLeft (if joined) and
 * conversationRemoved, both with the last entry; its roster, messages (pending sends too) and
 * typing go with it.
 */
export function removeConversation(tx: Tx, sid: string): void {
  const last = tx.conversations.get(sid);
  if (last === undefined) return;
  const lastRoster = tx.participants.get(sid);
  if (last.status === 'joined') tx.emit({ type: 'conversationLeft', conversationSid: sid, last, lastRoster });
  tx.emit({ type: 'conversationRemoved', conversationSid: sid, last, lastRoster });
  tx.conversations.delete(sid);
  tx.participants.delete(sid);
  tx.messages.delete(sid);
  tx.typing.delete(sid);
  tx.inserts.delete(sid);
  historyForgotten(tx, sid);
}

import type { EventData } from '../../../protocol';
import { emptyRecord, isEmptyRecord, lookup, writableRecord } from '../records';
import type { Tx } from './tx';

/** Someone is typing: marked, and announced unless they already were. Never the user's own signal. */
export function typingStarted(tx: Tx, data: EventData<'typingStarted'>): void {
  if (data.identity === tx.identity) return;
  if (tx.conversations.get(data.conversationSid) === undefined) return;
  const set = tx.typing.get(data.conversationSid);
  if (set !== undefined && lookup(set, data.participantSid) === true) return;
  const next = writableRecord(set ?? emptyRecord<true>());
  next[data.participantSid] = true;
  tx.typing.set(data.conversationSid, next);
  tx.emit({ type: 'typingStarted', conversationSid: data.conversationSid, participantSid: data.participantSid });
}

/** Someone stopped typing (their timer ran out, their message arrived, they left): announced if they were. */
export function typingEnded(tx: Tx, conversationSid: string, participantSid: string): void {
  const set = tx.typing.get(conversationSid);
  if (set === undefined || lookup(set, participantSid) !== true) return;
  const next = writableRecord(set);
  delete next[participantSid];
  if (isEmptyRecord(next)) tx.typing.delete(conversationSid);
  else tx.typing.set(conversationSid, next);
  tx.emit({ type: 'typingEnded', conversationSid, participantSid });
}

import type { EventData, MessageData } from '../../../protocol';
import { chunkKey, messageAt, putMessage } from '../chunks';
import { jsonEqual } from '../equal';
import { freezeMessage } from '../freeze';
import type { Tx } from './tx';

/**
 * Someone added or removed a reaction (beyond the reference). A message the window holds takes the
 * event's summary (the whole of it, so a replayed or repeated event changes nothing more) and, when
 * the user is the one who reacted, the key joins or leaves its `myReactions`. Emits messageUpdated
 * ['reactions'] when something changed; a message not held is left to its next page.
 */
export function messageReactionsUpdated(tx: Tx, event: EventData<'messageReactionsUpdated'>): void {
  const { conversationSid: sid, index } = event;
  if (tx.conversations.get(sid) === undefined) return;
  const held = messageAt(tx.messages.get(sid), index);
  if (held === undefined || held.sid !== event.messageSid) return;
  let mine = held.myReactions ?? [];
  if (event.identity === tx.identity) {
    if (event.added && !mine.includes(event.key)) mine = [...mine, event.key];
    if (!event.added) mine = mine.filter((key) => key !== event.key);
  }
  const { reactions: _reactions, myReactions: _mine, ...rest } = held;
  const next: MessageData = {
    ...rest,
    ...(event.reactions.length > 0 ? { reactions: event.reactions } : {}),
    ...(mine.length > 0 ? { myReactions: mine } : {})
  };
  if (jsonEqual(held, next)) return;
  const window = tx.messages.edit(sid);
  if (window === undefined) return;
  putMessage(window, freezeMessage(next));
  tx.rewritten(sid, chunkKey(index));
  tx.emit({ type: 'messageUpdated', conversationSid: sid, index, reasons: ['reactions'] });
}

import type { MessageData, ReplyPreviewData } from '../../../protocol';
import { chunkKey, heldMessagesBetween, putMessage } from '../chunks';
import { jsonEqual } from '../equal';
import { freezeMessage } from '../freeze';
import type { Tx } from './tx';

/**
 * A message was edited or removed (beyond the reference): the held replies to it take its preview
 * as it is now, `next` of the one they carry — the server keeps the stored previews current the
 * same way, so a page fetched later agrees. A reply comes after its parent: only the held messages
 * past the parent's index are read. Emits messageUpdated ['replyTo'] for each reply that changed.
 */
export function followParent(
  tx: Tx,
  conversationSid: string,
  parent: { sid: string; index: number },
  next: (carried: ReplyPreviewData) => ReplyPreviewData
): void {
  const held = tx.messages.get(conversationSid);
  if (held === undefined) return;
  for (const reply of heldMessagesBetween(held, parent.index + 1, Infinity)) {
    if (reply.replyTo?.sid !== parent.sid) continue;
    const preview = next(reply.replyTo);
    if (jsonEqual(reply.replyTo, preview)) continue;
    const window = tx.messages.edit(conversationSid);
    if (window === undefined) return;
    const updated: MessageData = { ...reply, replyTo: preview };
    putMessage(window, freezeMessage(updated));
    tx.rewritten(conversationSid, chunkKey(reply.index));
    tx.emit({ type: 'messageUpdated', conversationSid, index: reply.index, reasons: ['replyTo'] });
  }
}

/** The preview of a removed parent: as the reply carried it, the body gone. */
export function removedPreview(carried: ReplyPreviewData): ReplyPreviewData {
  return { ...carried, body: null, removed: true };
}

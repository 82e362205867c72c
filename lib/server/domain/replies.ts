import { ErrorCode, type LastMessageData, type ReplyPreviewData } from '../../protocol';
import type { MessageRecord } from '../storage/records';
import type { Reader, Tx } from '../storage/storage';
import { DomainError } from './errors';
import { findMentions } from './mentions';
import { lastMessageData } from './views';

/**
 * The preview of the message a reply answers (by index or sid, in the same conversation), as it
 * is now: it travels with the reply, so a client shows it without holding the parent.
 */
export async function replyPreview(
  reader: Reader,
  conversationSid: string,
  replyTo: number | string | undefined
): Promise<LastMessageData | undefined> {
  if (replyTo === undefined) return undefined;
  const parent =
    typeof replyTo === 'string'
      ? await reader.getMessage(conversationSid, replyTo)
      : (await reader.messagesAscending(conversationSid, replyTo, 1)).find((m) => m.index === replyTo);
  if (!parent) throw new DomainError(ErrorCode.NotFound, 'The message replied to was not found', 'args.replyTo');
  return lastMessageData(parent);
}

/**
 * The replies to a message take its preview as it is now: after an edit of its body, or with its body
 * gone and `removed` set once it is removed. No event: each client's store derives the same from the
 * parent's messageUpdated or messageRemoved; what is fetched later carries the stored preview.
 */
export async function followParent(tx: Tx, parent: MessageRecord, removed: boolean): Promise<void> {
  const preview: ReplyPreviewData = removed
    ? { ...lastMessageData(parent), body: null, removed }
    : lastMessageData(parent);
  await tx.updateReplyPreviews(parent.conversationSid, parent.sid, preview);
}

/** The participants a body mentions (see `findMentions`), reading the roster only when the body has an `@`. */
export async function mentionsIn(
  reader: Reader,
  conversationSid: string,
  body: string | null,
  author: string | null
): Promise<string[]> {
  if (body === null || !body.includes('@')) return [];
  const roster = await reader.listParticipants(conversationSid);
  return findMentions(
    body,
    roster.map((p) => p.identity),
    author
  );
}

/** The message with its `mentions` set (left out when there are none). */
export function withMentions(message: MessageRecord, mentions: readonly string[]): MessageRecord {
  const { mentions: _old, ...rest } = message;
  return mentions.length > 0 ? { ...rest, mentions: [...mentions] } : rest;
}

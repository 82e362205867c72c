import type { EventData, LastMessageData, MessageData } from '../../../protocol';
import { chunkKey, messageAt, newestHeldBelow, putMessage, takeMessage, writableWindow } from '../chunks';
import { jsonEqual } from '../equal';
import { freezeMessage } from '../freeze';
import { editableData, editableEntry } from '../copy';
import type { Writable } from '../records';
import type { MessageWindow } from '../state';
import { messageReasons } from './reasons';
import { followParent, removedPreview } from './replies';
import { typingEnded } from './typing';
import type { Tx } from './tx';

/** How much of a body a conversation's last-message preview keeps. */
export const PREVIEW_LENGTH = 256;

/** The preview of a message kept as a conversation's `lastMessage`. */
export function preview(message: MessageData): LastMessageData {
  const body = message.body;
  return {
    index: message.index,
    sid: message.sid,
    author: message.author,
    body: body !== null && body.length > PREVIEW_LENGTH ? body.slice(0, PREVIEW_LENGTH) : body,
    type: message.type,
    dateCreated: message.dateCreated
  };
}

/**
 * A message as the store keeps it: frozen, its conversation's sid the string the store already
 * holds (`conversationSid`: the conversation entry's own, which the caller has looked up).
 * JSON.parse gives every message its own copy of each string longer than 10 characters; a sid is
 * 34, so each held message would otherwise keep a copy of its conversation's (~56 B). The
 * participant's sid and the author's identity are left as they came: finding the roster's copies
 * (a lookup in a roster keyed by sid, hashing the message's fresh string) cost the reducer a sixth
 * of its throughput in bench/store-ingest.ts.
 */
export function keptMessage(message: MessageData, conversationSid: string): MessageData {
  if (Object.isFrozen(message)) return message;
  message.conversationSid = conversationSid;
  return freezeMessage(message);
}

/**
 * A message arrived. It goes into its conversation's window (one chunk copied, once per batch),
 * becomes the conversation's last message, counts (and counts as unread past the horizon), ends
 * its author's typing and replaces the author's pending send of the same key. Emits messageAdded,
 * then conversationUpdated ['lastMessage'].
 *
 * A message the window holds and the conversation already counted (its lastMessage is at or past
 * it) changes nothing. One the window holds from a page fetched before its event was applied is
 * still counted, once.
 */
export function messageAdded(tx: Tx, event: EventData<'messageAdded'>): void {
  const message = event.message;
  const entry = tx.conversations.get(message.conversationSid);
  if (entry === undefined) return;
  // the store's own copy of the sid: what the events and the models made from them keep
  const sid = entry.data.sid;
  const last = entry.data.lastMessage;
  const window = tx.messages.get(sid);
  if (messageAt(window, message.index) !== undefined && last !== null && last.index >= message.index) return;
  keptMessage(message, sid);

  endAuthorTyping(tx, message);

  const nextWindow = writableWindow(window);
  putMessage(nextWindow, message);
  if (message.key !== null && nextWindow.pending.length > 0) {
    nextWindow.pending = nextWindow.pending.filter(
      (item) => item.key !== message.key || item.author !== message.author
    );
  }
  // a window or entry this batch already put is edited in place: no second put (two lookups per message)
  if (nextWindow !== window) tx.messages.set(sid, nextWindow);
  tx.inserted(sid, chunkKey(message.index), chunkKey(message.index));

  const next = editableEntry(entry);
  const data = (next.data = editableData(entry.data));
  const newest = last === null || message.index >= last.index;
  if (newest) data.lastMessage = preview(message);
  data.messagesCount += 1;
  const pastHorizon = message.index > (next.lastReadMessageIndex ?? -1);
  if (next.unreadCount !== null && pastHorizon) next.unreadCount += 1;
  if (pastHorizon && mentionsMe(tx, message)) next.mentionCount += 1;
  if (next !== entry) tx.conversations.set(sid, next);

  tx.emit({ type: 'messageAdded', conversationSid: sid, index: message.index, message });
  if (newest) tx.emit({ type: 'conversationUpdated', conversationSid: sid, reasons: ['lastMessage'] });
}

/**
 * A message changed. Replaced only if the window holds it (messageUpdated with the reasons that
 * changed); the conversation's preview follows if it is the last message, held or not, and so do
 * the held replies' previews of it.
 */
export function messageUpdated(tx: Tx, event: EventData<'messageUpdated'>): void {
  const sid = event.message.conversationSid;
  const entry = tx.conversations.get(sid);
  if (entry === undefined) return;
  const held = messageAt(tx.messages.get(sid), event.message.index);
  // events are shared by every participant: the user's own reactions are the store's to keep
  const message =
    held?.myReactions !== undefined && event.message.myReactions === undefined
      ? { ...event.message, myReactions: held.myReactions }
      : event.message;
  if (held !== undefined && held.sid === message.sid && !jsonEqual(held, message)) {
    freezeMessage(message);
    const window = tx.messages.edit(sid);
    if (window !== undefined) putMessage(window, message);
    tx.rewritten(sid, chunkKey(message.index));
    const reasons = messageReasons(held, message);
    if (reasons.length > 0) tx.emit({ type: 'messageUpdated', conversationSid: sid, index: message.index, reasons });
  }
  followParent(tx, sid, message, () => preview(message));
  const last = entry.data.lastMessage;
  if (last !== null && last.index === message.index) {
    const next = preview(message);
    if (!jsonEqual(last, next)) setLastMessage(tx, sid, next);
  }
}

/**
 * A message was removed: taken out if held (messageRemoved with the last value), the held replies'
 * previews of it marked removed; the count drops,
 * the unread count too past the horizon. If it was the last message, the preview falls back to
 * the newest held message below it; with none held it stays until the server's conversationUpdated.
 */
export function messageRemoved(tx: Tx, event: EventData<'messageRemoved'>): void {
  const { conversationSid: sid, index } = event;
  const entry = tx.conversations.get(sid);
  if (entry === undefined) return;
  const held = messageAt(tx.messages.get(sid), index);
  if (held !== undefined && held.sid === event.messageSid) {
    const window = tx.messages.edit(sid);
    if (window !== undefined) takeMessage(window, index);
    tx.emit({ type: 'messageRemoved', conversationSid: sid, index, last: held });
  }
  followParent(tx, sid, { sid: event.messageSid, index }, removedPreview);
  const next = editableEntry(entry);
  const data = (next.data = editableData(entry.data));
  data.messagesCount = Math.max(0, data.messagesCount - 1);
  if (next.unreadCount !== null && next.unreadCount > 0 && index > (next.lastReadMessageIndex ?? -1))
    next.unreadCount -= 1;
  if (held?.sid === event.messageSid && next.mentionCount > 0 && index > (next.lastReadMessageIndex ?? -1))
    if (mentionsMe(tx, held)) next.mentionCount -= 1;
  tx.conversations.set(sid, next);
  if (data.lastMessage !== null && data.lastMessage.index === index) {
    const fallback = newestHeldBelow(tx.messages.get(sid), index);
    if (fallback !== undefined) setLastMessage(tx, sid, preview(fallback));
  }
}

/**
 * A page of messages: put in whole (each chunk copied once), no messageAdded. The page's chunks
 * anchor the memory bound, so it survives the eviction it causes.
 */
export function messagesLoaded(tx: Tx, conversationSid: string, items: readonly MessageData[]): void {
  const entry = tx.conversations.get(conversationSid);
  if (entry === undefined) return;
  const before = tx.messages.get(conversationSid);
  let target: Writable<MessageWindow> | null = null;
  let from = Infinity;
  let to = -Infinity;
  for (const message of items) {
    if (message.conversationSid !== conversationSid) continue;
    const held = messageAt(target ?? before, message.index);
    if (held !== undefined && (held === message || jsonEqual(held, message))) continue;
    target ??= writableWindow(before);
    putMessage(target, keptMessage(message, entry.data.sid));
    from = Math.min(from, message.index);
    to = Math.max(to, message.index);
  }
  if (target === null) return;
  tx.messages.set(conversationSid, target);
  tx.inserted(conversationSid, chunkKey(from), chunkKey(to));
}

function setLastMessage(tx: Tx, sid: string, last: LastMessageData): void {
  const entry = tx.conversations.edit(sid);
  if (entry === undefined) return;
  const data = (entry.data = editableData(entry.data));
  data.lastMessage = last;
  tx.emit({ type: 'conversationUpdated', conversationSid: sid, reasons: ['lastMessage'] });
}

function endAuthorTyping(tx: Tx, message: MessageData): void {
  const typing = tx.typing.get(message.conversationSid);
  if (typing === undefined) return;
  let participantSid = message.participantSid;
  if (participantSid === null && message.author !== null) {
    const roster = tx.participants.get(message.conversationSid)?.bySid ?? {};
    participantSid = Object.values(roster).find((participant) => participant.identity === message.author)?.sid ?? null;
  }
  if (participantSid !== null) typingEnded(tx, message.conversationSid, participantSid);
}

/** Whether a message by someone else mentions the current user. */
export function mentionsMe(tx: Tx, message: MessageData): boolean {
  const me = tx.identity;
  return message.mentions !== undefined && me !== null && message.author !== me && message.mentions.includes(me);
}

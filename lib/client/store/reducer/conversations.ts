import type { ConversationData, EventData, UserConversationData } from '../../../protocol';
import { countHeld } from '../chunks';
import { freezeConversationData } from '../freeze';
import type { ConversationEntry, MessageChunk } from '../state';
import { addConversation, removeConversation, replaceConversation } from './entries';
import { historyDropped } from './history';
import { putParticipant } from './roster';
import type { Tx } from './tx';

/**
 * A page of the user's conversations: each is upserted as joined, with the user's horizon, unread
 * count and notification level, and the user's own participant goes into its roster. New ones
 * emit conversationAdded then conversationJoined (as the reference does at start-up).
 */
export function conversationsLoaded(tx: Tx, items: readonly UserConversationData[]): void {
  for (const item of items) upsertJoined(tx, item);
}

/**
 * The whole list after a resync: upserted like a page, then conversations missing from it are
 * removed and message windows dropped (see `pruneConversations`).
 */
export function conversationsReplaced(tx: Tx, items: readonly UserConversationData[]): void {
  for (const item of items) upsertJoined(tx, item);
  pruneConversations(
    tx,
    items.map((item) => item.conversation.sid)
  );
}

/**
 * The end of a resync. Joined conversations not in `keep` are removed (conversationLeft,
 * conversationRemoved); conversations the user only peeked at stay. Every message window is
 * dropped, since history may have gaps now — pending sends stay, and so do chunks this batch
 * wrote (its emissions name them). Rosters are marked not loaded: joins and leaves may have been
 * missed.
 */
export function pruneConversations(tx: Tx, keep: readonly string[]): void {
  const kept = new Set(keep);
  for (const sid of tx.conversations.keys()) {
    if (!kept.has(sid) && tx.conversations.get(sid)?.status === 'joined') removeConversation(tx, sid);
  }
  for (const sid of tx.messages.keys()) dropHistory(tx, sid);
  for (const sid of tx.participants.keys()) {
    const roster = tx.participants.get(sid);
    if (roster?.loaded === true) tx.participants.set(sid, { loaded: false, bySid: roster.bySid });
  }
}

/** A conversation seen without taking part: added as notParticipating if unknown, else its shared fields updated. */
export function conversationPeeked(tx: Tx, conversation: ConversationData): void {
  const data = freezeConversationData(conversation);
  const prev = tx.conversations.get(data.sid);
  if (prev === undefined) {
    addConversation(tx, {
      data,
      status: 'notParticipating',
      participantSid: null,
      lastReadMessageIndex: null,
      unreadCount: null,
      notificationLevel: 'default',
      mentionCount: 0
    });
  } else {
    replaceConversation(tx, prev, { ...prev, data });
  }
}

/** The shared fields of a known conversation changed. */
export function conversationUpdated(tx: Tx, event: EventData<'conversationUpdated'>): void {
  const prev = tx.conversations.get(event.conversation.sid);
  if (prev !== undefined) replaceConversation(tx, prev, { ...prev, data: freezeConversationData(event.conversation) });
}

/** A conversation was deleted: for the user, like leaving it. */
export function conversationDeleted(tx: Tx, event: EventData<'conversationRemoved'>): void {
  removeConversation(tx, event.conversationSid);
}

/**
 * The user's own view changed. Horizon and notification level are reasons; the unread count
 * changes the state (selectors follow) but has no reason of its own.
 */
export function userConversationUpdated(tx: Tx, event: EventData<'userConversationUpdated'>): void {
  const prev = tx.conversations.get(event.conversationSid);
  if (prev === undefined) return;
  replaceConversation(tx, prev, {
    ...prev,
    lastReadMessageIndex: event.lastReadMessageIndex,
    unreadCount: event.unreadCount,
    notificationLevel: event.notificationLevel,
    mentionCount: event.mentionCount ?? 0
  });
}

function upsertJoined(tx: Tx, item: UserConversationData): void {
  const data = freezeConversationData(item.conversation);
  const next: ConversationEntry = {
    data,
    status: 'joined',
    participantSid: item.participant.sid,
    lastReadMessageIndex: item.participant.lastReadMessageIndex,
    unreadCount: item.unreadCount,
    notificationLevel: item.notificationLevel,
    mentionCount: item.mentionCount ?? 0
  };
  const prev = tx.conversations.get(data.sid);
  if (prev === undefined) addConversation(tx, next);
  else replaceConversation(tx, prev, next);
  putParticipant(tx, item.participant, 'silent');
}

function dropHistory(tx: Tx, sid: string): void {
  const window = tx.messages.get(sid);
  if (window === undefined || window.size === 0) return;
  historyDropped(tx, sid);
  const written = tx.inserts.get(sid)?.written;
  const keys: number[] = [];
  const chunks: MessageChunk[] = [];
  let size = 0;
  window.chunkKeys.forEach((key, at) => {
    if (written === undefined || !written.includes(key)) return;
    keys.push(key);
    chunks.push(window.chunkList[at]);
    size += countHeld(window.chunkList[at]);
  });
  if (size === 0 && window.pending.length === 0) tx.messages.delete(sid);
  else tx.messages.set(sid, { chunkKeys: keys, chunkList: chunks, size, pending: window.pending });
}

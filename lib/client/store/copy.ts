import type { ConversationData } from '../../protocol';
import type { Writable } from './records';
import type { ConversationEntry, MessageWindow } from './state';

/**
 * Writable copies of the entities the hot path rewrites, built field by field: V8 spreads a
 * frozen object on its slow path (about 0.5 µs for a conversation's shared fields, measured),
 * an object literal in a few tens of nanoseconds. A value this batch created (not frozen yet) is
 * returned as it is. The literals are checked by the compiler against the entity types, so a
 * field added to one is a compile error here until it is copied too.
 */

/** A writable conversation entry. */
export function editableEntry(entry: ConversationEntry): Writable<ConversationEntry> {
  if (!Object.isFrozen(entry)) return entry;
  const copy: Required<Writable<ConversationEntry>> = {
    data: entry.data,
    status: entry.status,
    participantSid: entry.participantSid,
    lastReadMessageIndex: entry.lastReadMessageIndex,
    unreadCount: entry.unreadCount,
    notificationLevel: entry.notificationLevel,
    mentionCount: entry.mentionCount
  };
  return copy;
}

/** Writable shared fields of a conversation. */
export function editableData(data: ConversationData): Writable<ConversationData> {
  if (!Object.isFrozen(data)) return data;
  const copy: Required<Writable<ConversationData>> = {
    sid: data.sid,
    uniqueName: data.uniqueName,
    friendlyName: data.friendlyName,
    attributes: data.attributes,
    createdBy: data.createdBy,
    isPrivate: data.isPrivate,
    dateCreated: data.dateCreated,
    dateUpdated: data.dateUpdated,
    state: data.state,
    lastMessage: data.lastMessage,
    messagesCount: data.messagesCount,
    participantsCount: data.participantsCount
  };
  return copy;
}

/** A writable message window. */
export function editableWindow(window: MessageWindow): Writable<MessageWindow> {
  if (!Object.isFrozen(window)) return window;
  const copy: Required<Writable<MessageWindow>> = {
    chunkKeys: window.chunkKeys,
    chunkList: window.chunkList,
    size: window.size,
    pending: window.pending
  };
  return copy;
}

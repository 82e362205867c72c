import type { ConversationEntry, MessageWindow, RosterEntry, UserEntry } from '../state';
import type { TypingSet } from './tx';

/**
 * Freezing what a batch created, by shape. Payloads (messages, participants, conversation and
 * user data) are deep-frozen when they enter the state, and everything a previous batch published
 * is frozen, so only the objects the batch built around them are left: these functions freeze
 * those, and never walk a chunk's slots or a roster's participants one by one.
 */

const freeze = <T>(value: T): T => (Object.isFrozen(value) ? value : Object.freeze(value));

/** A conversation entry and its shared fields and last-message preview. */
export function sealConversation(entry: ConversationEntry): ConversationEntry {
  if (!Object.isFrozen(entry.data)) {
    freeze(entry.data.lastMessage);
    Object.freeze(entry.data);
  }
  return freeze(entry);
}

/** A message window: its chunk keys and chunks, its pending list. */
export function sealWindow(window: MessageWindow): MessageWindow {
  const list = window.chunkList;
  if (!Object.isFrozen(list)) {
    for (let i = 0; i < list.length; i++) freeze(list[i]);
    Object.freeze(list);
  }
  freeze(window.chunkKeys);
  freeze(window.pending);
  return freeze(window);
}

/** A roster and its record of participants. */
export function sealRoster(roster: RosterEntry): RosterEntry {
  freeze(roster.bySid);
  return freeze(roster);
}

/** A user entry. */
export function sealUser(entry: UserEntry): UserEntry {
  return freeze(entry);
}

/** Who is typing in one conversation. */
export function sealTyping(set: TypingSet): TypingSet {
  return freeze(set);
}

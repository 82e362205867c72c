import { createSelector, sameElements, selectorFamily, type Selector } from '../memoize';
import { lookup } from '../records';
import type { ConversationEntry, State } from '../state';

const selectConversationRecord = (state: State): State['conversations'] => state.conversations;

/**
 * Every conversation the store holds (joined or peeked), latest activity first: by the last
 * message's date, or the conversation's creation date when it has none; ties by sid. The same
 * array comes back while the order and the entries are the same.
 */
export const selectConversations: Selector<State, readonly ConversationEntry[]> = createSelector(
  [selectConversationRecord],
  (record) => byActivity(Object.values(record)),
  sameElements
);

/** One conversation's entry, if the store holds it. */
export const selectConversation = selectorFamily(
  (sid: string): Selector<State, ConversationEntry | undefined> =>
    (state) =>
      lookup(state.conversations, sid)
);

/** A conversation's unread count: null until the user's horizon is first set (or when unknown). */
export const selectUnreadCount = selectorFamily(
  (sid: string): Selector<State, number | null> =>
    (state) =>
      lookup(state.conversations, sid)?.unreadCount ?? null
);

/** The sum of the non-null unread counts of the joined conversations. */
export const selectTotalUnreadCount: Selector<State, number> = createSelector([selectConversationRecord], (record) => {
  let total = 0;
  for (const sid in record) {
    const entry = record[sid];
    if (entry.status === 'joined' && entry.unreadCount !== null) total += entry.unreadCount;
  }
  return total;
});

/**
 * Beyond the reference: messages after the user's read horizon in a conversation that mention them
 * (0 when none or unknown), counted apart from the unread count.
 */
export const selectMentionCount = selectorFamily(
  (sid: string): Selector<State, number> =>
    (state) =>
      lookup(state.conversations, sid)?.mentionCount ?? 0
);

/** Beyond the reference: the sum of the mention counts of the joined conversations. */
export const selectTotalMentionCount: Selector<State, number> = createSelector([selectConversationRecord], (record) => {
  let total = 0;
  for (const sid in record) {
    const entry = record[sid];
    if (entry.status === 'joined') total += entry.mentionCount;
  }
  return total;
});

function byActivity(entries: ConversationEntry[]): ConversationEntry[] {
  const keyed = entries.map((entry) => ({ entry, at: entry.data.lastMessage?.dateCreated ?? entry.data.dateCreated }));
  keyed.sort((a, b) => b.at - a.at || compareText(a.entry.data.sid, b.entry.data.sid));
  return keyed.map((item) => item.entry);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import type { LastMessageData, ParticipantData, WireError } from '../../../protocol';
import { createSelector, sameElements, selectorFamily, type Selector } from '../memoize';
import { isAuthor, receiptCounter, readOf } from '../receipt-counter';
import { lookup } from '../records';
import type { ConversationEntry, State, UserEntry } from '../state';
import { selectConversations } from './conversations';
import { isPendingMessage, selectMessages, type MessageItem } from './messages';
import { selectTypingParticipants } from './participants';

/** One row of a conversation list: what a dashboard shows for a conversation without more lookups. */
export interface ConversationRow {
  /** The conversation's sid. */
  readonly sid: string;
  /** The conversation's entry in the store (`selectConversation(sid)`). */
  readonly entry: ConversationEntry;
  /** The friendly name, else the unique name, else the sid. */
  readonly title: string;
  /** The newest message's preview, if any. */
  readonly lastMessage: LastMessageData | null;
  /** Messages after the user's horizon; null until it is first set. */
  readonly unreadCount: number | null;
  /** Who is typing now. */
  readonly typing: readonly ParticipantData[];
  /**
   * In a conversation of two, the other participant's user (its friendly name and, when the user
   * is subscribed and the server tracks it, whether they are online); else null.
   */
  readonly otherParty: { readonly identity: string; readonly user: UserEntry | null } | null;
}

/** A conversation's row (see `ConversationRow`); undefined when the store does not hold it. */
export const selectConversationRow = selectorFamily((sid: string): Selector<State, ConversationRow | undefined> =>
  createSelector(
    [
      (state: State) => lookup(state.conversations, sid),
      selectTypingParticipants(sid),
      (state: State) => lookup(state.participants, sid)?.bySid,
      (state: State) => state.users,
      (state: State) => state.session.identity
    ],
    (entry, typing, bySid, users, me): ConversationRow | undefined => {
      if (entry === undefined) return undefined;
      const data = entry.data;
      const other = data.participantsCount === 2 ? otherParticipant(bySid, me) : undefined;
      const identity = other?.identity ?? null;
      return {
        sid: data.sid,
        entry,
        title: data.friendlyName ?? data.uniqueName ?? data.sid,
        lastMessage: data.lastMessage,
        unreadCount: entry.unreadCount,
        typing,
        otherParty: identity === null ? null : Object.freeze({ identity, user: lookup(users, identity) ?? null })
      };
    },
    sameRow
  )
);

/**
 * Every conversation's row, latest activity first (as `selectConversations`). It holds the row
 * selector of every conversation listed (not only the family's most recent 2,048), so a user in
 * more conversations than that still gets the same row objects, and the same array, while they do
 * not change.
 */
export const selectConversationRows: Selector<State, readonly ConversationRow[]> = (() => {
  let last: readonly ConversationRow[] = Object.freeze([]);
  let listed: readonly ConversationEntry[] | null = null;
  let rowOf = new Map<string, Selector<State, ConversationRow | undefined>>();
  return (state: State) => {
    const entries = selectConversations(state);
    if (entries !== listed) {
      const held = new Map<string, Selector<State, ConversationRow | undefined>>();
      for (const { data } of entries) held.set(data.sid, rowOf.get(data.sid) ?? selectConversationRow(data.sid));
      rowOf = held;
      listed = entries;
    }
    const rows = entries.map((entry) => (rowOf.get(entry.data.sid) as Selector<State, ConversationRow>)(state));
    if (!sameElements(rows, last)) last = Object.freeze(rows);
    return last;
  };
})();

/** A message as a message list shows it: the item, its author's name, and how far it got. */
export interface MessageView {
  /** The message's sid, or a pending send's idempotency key: a stable key for a list. */
  readonly key: string;
  /** The message, or the pending send (`isPendingMessage`). */
  readonly item: MessageItem;
  /** The author's friendly name when the store holds their user, else their identity. */
  readonly authorName: string | null;
  /**
   * `pending` / `failed` for sends the server does not have yet; for the others, `read` once every
   * other participant read it, `delivered` once every one received it, else `sent`.
   */
  readonly status: 'pending' | 'failed' | 'sent' | 'delivered' | 'read';
  /** Why a failed send failed. */
  readonly error: WireError | null;
  /** The other participants (the author is not counted). */
  readonly total: number;
  /** How many of them received it (their delivery or read horizon passed it). */
  readonly deliveredCount: number;
  /** How many of them read it. */
  readonly readCount: number;
  /** The names of those who read it ("seen by"), oldest participant first. */
  readonly seenBy: readonly string[];
}

/**
 * A conversation's messages as views (see `MessageView`), in the order of `selectMessages`. A view
 * keeps its reference while nothing it shows changed, so a keyed list re-renders only those rows.
 */
export const selectMessageViews = selectorFamily((sid: string): Selector<State, readonly MessageView[]> => {
  let previous = new Map<MessageItem, MessageView>();
  return createSelector(
    [selectMessages(sid), (state: State) => lookup(state.participants, sid)?.bySid, (state: State) => state.users],
    (items, bySid, users) => {
      const next = new Map<MessageItem, MessageView>();
      const views = items.map((item) => {
        const view = viewOf(item, bySid, users);
        const before = previous.get(item);
        const kept = before !== undefined && sameView(before, view) ? before : Object.freeze(view);
        next.set(item, kept);
        return kept;
      });
      previous = next;
      return views;
    },
    sameElements
  );
});

function viewOf(
  item: MessageItem,
  bySid: Readonly<Record<string, ParticipantData>> | undefined,
  users: State['users']
): MessageView {
  const name = (identity: string | null): string | null =>
    identity === null ? null : (lookup(users, identity)?.data.friendlyName ?? identity);
  if (isPendingMessage(item)) {
    return {
      key: item.key,
      item,
      authorName: name(item.author),
      status: item.status,
      error: item.error,
      total: 0,
      deliveredCount: 0,
      readCount: 0,
      seenBy: NO_NAMES
    };
  }
  const counts = receiptCounter(bySid)(item);
  const seenBy: string[] = [];
  for (const participant of Object.values(bySid ?? {})) {
    if (isAuthor(participant, item) || readOf(participant) < item.index) continue;
    seenBy.push(name(participant.identity) ?? participant.sid);
  }
  const status =
    counts.total > 0 && counts.read >= counts.total
      ? 'read'
      : counts.total > 0 && counts.delivered >= counts.total
        ? 'delivered'
        : 'sent';
  return {
    key: item.sid,
    item,
    authorName: name(item.author),
    status,
    error: null,
    total: counts.total,
    deliveredCount: counts.delivered,
    readCount: counts.read,
    seenBy: seenBy.length === 0 ? NO_NAMES : Object.freeze(seenBy)
  };
}

const NO_NAMES: readonly string[] = Object.freeze([]);

function otherParticipant(
  bySid: Readonly<Record<string, ParticipantData>> | undefined,
  me: string | null
): ParticipantData | undefined {
  for (const participant of Object.values(bySid ?? {})) if (participant.identity !== me) return participant;
  return undefined;
}

function sameRow(a: ConversationRow | undefined, b: ConversationRow | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.entry === b.entry &&
    a.typing === b.typing &&
    a.otherParty?.identity === b.otherParty?.identity &&
    a.otherParty?.user === b.otherParty?.user
  );
}

function sameView(a: MessageView, b: MessageView): boolean {
  return (
    a.item === b.item &&
    a.authorName === b.authorName &&
    a.status === b.status &&
    a.error === b.error &&
    a.total === b.total &&
    a.deliveredCount === b.deliveredCount &&
    a.readCount === b.readCount &&
    sameElements(a.seenBy, b.seenBy)
  );
}

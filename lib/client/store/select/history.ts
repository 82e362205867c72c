import type { WireError } from '../../../protocol';
import { createSelector, selectorFamily, type Selector } from '../memoize';
import { lookup } from '../records';
import type { HistoryEntry, State } from '../state';
import { isPendingMessage, selectMessages, type MessageItem } from './messages';

/** A conversation's history as infinite scroll shows it. */
export interface HistoryView {
  /** The messages held, in index order, then pending sends (as `selectMessages`). */
  readonly messages: readonly MessageItem[];
  /** Whether the server has messages older than the oldest one held (`conversation.loadOlder()` loads them). */
  readonly hasOlder: boolean;
  /** An older page is being loaded. */
  readonly loading: boolean;
  /** Why the last load failed, until the next one starts. */
  readonly error: WireError | null;
  /** A resync dropped the messages held (history may have had gaps): load again from the newest. */
  readonly dropped: boolean;
}

/**
 * A conversation's history: the messages held, whether there are older ones, and the loading
 * state of `loadOlder`, in one frozen object (the same one while none of it changes).
 */
export const selectHistory = selectorFamily((sid: string): Selector<State, HistoryView> =>
  createSelector(
    [
      selectMessages(sid),
      (state: State) => lookup(state.history, sid),
      (state: State) => lookup(state.conversations, sid)?.data.messagesCount ?? 0
    ],
    (messages, history, count): HistoryView => ({
      messages,
      hasOlder: hasOlder(messages, history, count),
      loading: history?.loading ?? false,
      error: history?.error ?? null,
      dropped: history?.dropped ?? false
    })
  )
);

function hasOlder(messages: readonly MessageItem[], history: HistoryEntry | undefined, count: number): boolean {
  const first = messages[0];
  if (first === undefined || isPendingMessage(first)) return count > 0 && history?.firstIndex !== -1;
  const start = history?.firstIndex ?? null;
  return start === null ? first.index > 0 : first.index > start;
}

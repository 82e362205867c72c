import type { MessageData } from '../../../protocol';
import { chunkMessages, messageAt } from '../chunks';
import { createSelector, sameElements, selectorFamily, type Selector } from '../memoize';
import { lookup } from '../records';
import type { MessageChunk, MessageWindow, PendingMessage, State } from '../state';

/** An item of `selectMessages`: a message the server has, or a send still pending (or failed). */
export type MessageItem = MessageData | PendingMessage;

/** True when the item is a pending (or failed) send rather than a message the server has. */
export function isPendingMessage(item: MessageItem): item is PendingMessage {
  return 'status' in item;
}

const NO_ITEMS: readonly MessageItem[] = Object.freeze([]);
const NO_PENDING: readonly PendingMessage[] = Object.freeze([]);

/**
 * The messages held of each chunk, by chunk. Chunks are immutable, so this is shared by every
 * selector, and an append re-lists only the chunk it touched.
 */
const chunkLists = new WeakMap<MessageChunk, readonly MessageData[]>();

/**
 * A conversation's messages as held: in index order, then its pending and failed sends in the
 * order they were issued. Recomputed only when the conversation's window changed, and then by
 * concatenating per-chunk lists (no sort).
 */
export const selectMessages = selectorFamily((sid: string): Selector<State, readonly MessageItem[]> =>
  createSelector([(state: State) => lookup(state.messages, sid)], listWindow, sameElements)
);

/** A conversation's pending and failed sends, in the order they were issued. */
export const selectPendingMessages = selectorFamily(
  (sid: string): Selector<State, readonly PendingMessage[]> =>
    (state) =>
      lookup(state.messages, sid)?.pending ?? NO_PENDING
);

/** One message, if the conversation's window holds it. Keyed by sid and index. */
export function selectMessage(sid: string, index: number): Selector<State, MessageData | undefined> {
  return messageSelectors(`${index}:${sid}`);
}

/** The message a state holds at `index` of conversation `sid`, if any (what {@link selectMessage} selects). */
export function heldMessage(state: State, sid: string, index: number): MessageData | undefined {
  return messageAt(lookup(state.messages, sid), index);
}

const messageSelectors = selectorFamily((key: string): Selector<State, MessageData | undefined> => {
  const colon = key.indexOf(':');
  const index = Number(key.slice(0, colon));
  const sid = key.slice(colon + 1);
  return (state) => heldMessage(state, sid, index);
});

function listWindow(window: MessageWindow | undefined): readonly MessageItem[] {
  if (window === undefined) return NO_ITEMS;
  const items: MessageItem[] = [];
  for (const chunk of window.chunkList) {
    let list = chunkLists.get(chunk);
    if (list === undefined) {
      list = chunkMessages(chunk);
      chunkLists.set(chunk, list);
    }
    for (let i = 0; i < list.length; i++) items.push(list[i]);
  }
  for (const item of window.pending) items.push(item);
  return items;
}

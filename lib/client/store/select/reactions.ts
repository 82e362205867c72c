import type { MessageData, ReactionData, ReplyPreviewData } from '../../../protocol';
import { createSelector, sameElements, selectorFamily, type Selector } from '../memoize';
import type { State } from '../state';
import { isPendingMessage, selectMessage, selectMessages } from './messages';

/** One reaction key on a message, as `selectReactions` gives it: the summary plus whether the user reacted. */
export interface ReactionView extends ReactionData {
  /** The current user reacted with this key. */
  readonly reacted: boolean;
}

const NO_REACTIONS: readonly ReactionView[] = Object.freeze([]);
const NO_REPLIES: readonly MessageData[] = Object.freeze([]);

/**
 * Beyond the reference: the reactions on a held message, by key in the order first used, each
 * with its count, its first identities and whether the user reacted. Empty when it has none or
 * is not held. Keyed by sid and index, like `selectMessage`.
 */
export function selectReactions(sid: string, index: number): Selector<State, readonly ReactionView[]> {
  return reactionSelectors(`${index}:${sid}`);
}

const reactionSelectors = selectorFamily((key: string): Selector<State, readonly ReactionView[]> => {
  const { sid, index } = parseKey(key);
  return createSelector([selectMessage(sid, index)], (message) => {
    if (message?.reactions === undefined) return NO_REACTIONS;
    const mine = message.myReactions ?? [];
    return message.reactions.map((reaction) => ({ ...reaction, reacted: mine.includes(reaction.key) }));
  });
});

/** Beyond the reference: the held messages that reply to the message of `index`, in index order. */
export function selectReplies(sid: string, index: number): Selector<State, readonly MessageData[]> {
  return replySelectors(`${index}:${sid}`);
}

const replySelectors = selectorFamily((key: string): Selector<State, readonly MessageData[]> => {
  const { sid, index } = parseKey(key);
  return createSelector(
    [selectMessages(sid)],
    (items) => {
      const replies: MessageData[] = [];
      for (const item of items) if (!isPendingMessage(item) && item.replyTo?.index === index) replies.push(item);
      return replies.length === 0 ? NO_REPLIES : replies;
    },
    sameElements
  );
});

/**
 * Beyond the reference: the message the held message of `index` answers — the parent itself when
 * the window holds it, else the preview that travelled with the reply (kept current: edits followed,
 * `removed` once it is gone); undefined when it is not a reply (or not held).
 */
export function selectReplyParent(
  sid: string,
  index: number
): Selector<State, MessageData | ReplyPreviewData | undefined> {
  return parentSelectors(`${index}:${sid}`);
}

const parentSelectors = selectorFamily((key: string): Selector<State, MessageData | ReplyPreviewData | undefined> => {
  const { sid, index } = parseKey(key);
  const reply = selectMessage(sid, index);
  return (state) => {
    const preview = reply(state)?.replyTo;
    if (preview === undefined) return undefined;
    const parent = selectMessage(sid, preview.index)(state);
    return parent !== undefined && parent.sid === preview.sid ? parent : preview;
  };
});

function parseKey(key: string): { sid: string; index: number } {
  const colon = key.indexOf(':');
  return { index: Number(key.slice(0, colon)), sid: key.slice(colon + 1) };
}

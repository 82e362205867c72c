/**
 * The store's memoized selectors: plain functions of the state, for `store.select(...)`,
 * `getState()` and RxJS `map`. A factory (`selectConversation(sid)`, ...) called again with the
 * same argument returns the same selector, as long as it is among the 2,048 it most recently made.
 */
export {
  selectClientStatus,
  selectConnectionError,
  selectConnectionState,
  selectIsInitialized,
  selectSession,
  type ClientStatus
} from './select/session';
export { selectHistory, type HistoryView } from './select/history';
export {
  selectConversationRow,
  selectConversationRows,
  selectMessageViews,
  type ConversationRow,
  type MessageView
} from './select/views';
export {
  selectConversation,
  selectConversations,
  selectMentionCount,
  selectTotalMentionCount,
  selectTotalUnreadCount,
  selectUnreadCount
} from './select/conversations';
export { selectReactions, selectReplies, selectReplyParent, type ReactionView } from './select/reactions';
export {
  isPendingMessage,
  selectMessage,
  selectMessages,
  selectPendingMessages,
  type MessageItem
} from './select/messages';
export {
  selectParticipant,
  selectParticipants,
  selectIsTyping,
  selectRoster,
  selectTypingParticipants
} from './select/participants';
export { selectMessageReceipt, type MessageReceipt } from './select/receipts';
export { selectSubscribedUsers, selectUser } from './select/users';
export {
  createSelector,
  memoize,
  sameElements,
  selectorFamily,
  type Equality,
  type Memoized,
  type Selector
} from './memoize';

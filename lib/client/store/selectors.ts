/**
 * The store's memoized selectors: plain functions of the state, for `store.select(...)`,
 * `getState()` and RxJS `map`. A factory (`selectConversation(sid)`, ...) called again with the
 * same argument returns the same selector, as long as it is among the 2,048 it most recently made.
 */
export { selectConnectionError, selectConnectionState, selectIsInitialized, selectSession } from './select/session';
export { selectConversation, selectConversations, selectTotalUnreadCount, selectUnreadCount } from './select/conversations';
export { isPendingMessage, selectMessage, selectMessages, selectPendingMessages, type MessageItem } from './select/messages';
export { selectParticipant, selectParticipants, selectTypingParticipants } from './select/participants';
export { selectMessageReceipt, type MessageReceipt } from './select/receipts';
export { selectUser } from './select/users';
export { createSelector, memoize, sameElements, selectorFamily, type Equality, type Memoized, type Selector } from './memoize';

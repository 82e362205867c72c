/** The client store: state, actions, emissions, the pure reducer, the batching store and the selectors. */
export type {
  ConnectionErrorInfo,
  ConnectionState,
  ConversationEntry,
  ConversationStatus,
  MessageChunk,
  MessageWindow,
  PendingMessage,
  RosterEntry,
  SessionState,
  State,
  StoreConfig,
  UserEntry
} from './state';
export { CHUNK_SIZE } from './state';
export type { Action } from './actions';
export type {
  ConversationUpdateReason,
  Emission,
  MessageUpdateReason,
  ParticipantUpdateReason,
  UserUpdateReason
} from './emissions';
export { createInitialState, DEFAULT_MESSAGE_CACHE_SIZE } from './initial-state';
export { reduce, type ReduceResult } from './reducer';
export { Store } from './store';
export { chunkAt, chunkKey, heldMessages, messageAt, slotOf } from './chunks';
export {
  createSelector,
  isPendingMessage,
  memoize,
  sameElements,
  selectConnectionError,
  selectConnectionState,
  selectConversation,
  selectConversations,
  selectIsInitialized,
  selectMessage,
  selectMessageReceipt,
  selectMessages,
  selectParticipant,
  selectParticipants,
  selectPendingMessages,
  selectSession,
  selectTotalUnreadCount,
  selectTypingParticipants,
  selectUnreadCount,
  selectUser,
  selectorFamily,
  type Equality,
  type MessageItem,
  type MessageReceipt,
  type Memoized,
  type Selector
} from './selectors';

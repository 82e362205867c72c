/**
 * rx-conversations/lean: the reactive core of the client — the one `Client`, the store and its
 * selectors, conversations, messages, participants, users, typing and read horizons — without the
 * optional parts, which register themselves when imported: `rx-conversations/media`,
 * `rx-conversations/templates`, `rx-conversations/push`, `rx-conversations/receipts`
 * (`rx-conversations` is this entry with every part).
 *
 * @packageDocumentation
 */
export { Client } from './client';
export type { ClientEvents } from './client-events';
export { Conversation, type ConversationEvents } from './model/conversation';
export { Message, type MessageEvents } from './model/message';
export { Participant, type ParticipantEvents } from './model/participant';
export { User, type UserEvents } from './model/user';
export { ConversationsError } from './errors';
export { Media } from './media/media';
export { CancellablePromise } from './media/cancellable-promise';
export {
  ChannelMetadata,
  EmailRecipientDescriptor,
  UnknownRecipientDescriptor,
  RestPaginator,
  type RecipientDescriptor
} from './model/channel';
export type {
  ConversationUpdatedEventArgs,
  MessageUpdatedEventArgs,
  ParticipantUpdatedEventArgs,
  UserUpdatedEventArgs
} from './model/event-args';
export { ErrorCode, LIMITS } from '../protocol';
export type { ClientOptions, WebSocketConstructor } from './options';
export type { SchedulerLike } from 'rxjs';
export type { LogLevel } from './util/logger';
export * from './types';
export type {
  State as StoreState,
  ConversationEntry,
  RosterEntry,
  MessageWindow,
  MessageChunk,
  PendingMessage,
  UserEntry,
  SessionState,
  StoreConfig,
  ConnectionErrorInfo,
  HistoryEntry
} from './store/state';
export type { Emission } from './store/emissions';
/**
 * The state of a client before anything happened (what a store starts from; a view can render it before the client
 * exists).
 */
export { createInitialState } from './store/initial-state';
export {
  selectConnectionState,
  selectConversations,
  selectConversation,
  selectMessages,
  selectPendingMessages,
  selectMessage,
  selectParticipants,
  selectParticipant,
  selectTypingParticipants,
  selectUser,
  selectSubscribedUsers,
  selectUnreadCount,
  selectTotalUnreadCount,
  selectMentionCount,
  selectTotalMentionCount,
  selectReactions,
  selectReplies,
  selectReplyParent,
  selectMessageReceipt,
  selectConnectionError,
  selectSession,
  selectIsInitialized,
  selectClientStatus,
  selectHistory,
  selectConversationRow,
  selectConversationRows,
  selectMessageViews,
  selectRoster,
  selectIsTyping,
  isPendingMessage,
  createSelector,
  selectorFamily,
  memoize,
  sameElements,
  type ClientStatus,
  type HistoryView,
  type ConversationRow,
  type MessageView,
  type ReactionView
} from './store/selectors';
export type { SearchHit } from './model/message-search';
export type { MessageItem } from './store/select/messages';
export type { MessageReceipt } from './store/select/receipts';
export type { Selector, Equality, Memoized, AnySelector, SelectorResults, SelectorState } from './store/memoize';
export type {
  ConversationData,
  MessageData,
  ParticipantData,
  UserData,
  MediaData,
  LastMessageData,
  ReactionData,
  ReplyPreviewData,
  WireError
} from '../protocol';
export type { Evented } from './events/evented';

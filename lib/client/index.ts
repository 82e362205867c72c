/**
 * rx-conversations: a reactive Conversations client. Every documented event is an RxJS
 * Observable; one immutable store reduces them into a live graph that applications select from.
 *
 * @packageDocumentation
 */
export { Client, type ClientEvents } from './client';
export { Conversation, type ConversationEvents } from './model/conversation';
export { Message, type MessageEvents } from './model/message';
export { Participant, type ParticipantEvents } from './model/participant';
export { User, type UserEvents } from './model/user';
export { ConversationsError } from './errors';
export { Media } from './media/media';
export { CancellablePromise } from './media/cancellable-promise';
export { MessageBuilder } from './model/message-builder';
export { UnsentMessage } from './model/unsent-message';
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
export { AggregatedDeliveryReceipt } from './receipts/aggregated-delivery-receipt';
export { DetailedDeliveryReceipt } from './receipts/detailed-delivery-receipt';
export { ContentTemplate, ContentTemplateVariable } from './content/content-template';
export type {
  ContentData,
  ContentDataAction,
  ContentDataActionUrl,
  ContentDataActionPhone,
  ContentDataActionReply,
  ContentDataActionOther,
  ContentDataText,
  ContentDataMedia,
  ContentDataLocation,
  ContentDataReply,
  ContentDataQuickReply,
  ContentDataCallToAction,
  ContentDataListPicker,
  ContentDataListItem,
  ContentDataCard,
  ContentDataOther
} from './content/content-data';
export {
  PushNotification,
  type PushNotificationType,
  type PushNotificationData,
  type PushNotificationDescriptor
} from './push/push-notification';
export { NotificationTypes } from '../protocol';
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

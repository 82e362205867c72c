import type { Conversation } from './model/conversation';
import type {
  ConversationUpdatedEventArgs,
  MessageUpdatedEventArgs,
  ParticipantUpdatedEventArgs,
  UserUpdatedEventArgs
} from './model/event-args';
import type { Message } from './model/message';
import type { Participant } from './model/participant';
import type { User } from './model/user';
import type { PushNotification } from './push/push-notification';
import type { ConnectionErrorInfo, ConnectionState } from './store/state';
import type { State } from './types';

/** The events of a Client, by name, with their payloads. */
export interface ClientEvents {
  conversationAdded: Conversation;
  conversationJoined: Conversation;
  conversationLeft: Conversation;
  conversationRemoved: Conversation;
  conversationUpdated: ConversationUpdatedEventArgs;
  participantJoined: Participant;
  participantLeft: Participant;
  participantUpdated: ParticipantUpdatedEventArgs;
  messageAdded: Message;
  messageRemoved: Message;
  messageUpdated: MessageUpdatedEventArgs;
  tokenAboutToExpire: void;
  tokenExpired: void;
  typingStarted: Participant;
  typingEnded: Participant;
  pushNotification: PushNotification;
  userSubscribed: User;
  userUnsubscribed: User;
  userUpdated: UserUpdatedEventArgs;
  stateChanged: State;
  initialized: void;
  initFailed: { error?: ConnectionErrorInfo };
  connectionStateChanged: ConnectionState;
  connectionError: ConnectionErrorInfo;
}

/** The names of the Client's events: each is a constant of the class and a `$` stream of its objects. */
export const CLIENT_EVENTS: readonly (keyof ClientEvents)[] = [
  'conversationAdded',
  'conversationJoined',
  'conversationLeft',
  'conversationRemoved',
  'conversationUpdated',
  'participantJoined',
  'participantLeft',
  'participantUpdated',
  'messageAdded',
  'messageRemoved',
  'messageUpdated',
  'tokenAboutToExpire',
  'tokenExpired',
  'typingStarted',
  'typingEnded',
  'pushNotification',
  'userSubscribed',
  'userUnsubscribed',
  'userUpdated',
  'stateChanged',
  'initialized',
  'initFailed',
  'connectionStateChanged',
  'connectionError'
];

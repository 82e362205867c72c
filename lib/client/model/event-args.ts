import type {
  ConversationUpdateReason,
  MessageUpdateReason,
  ParticipantUpdateReason,
  UserUpdateReason
} from '../store/emissions';
import type { Conversation } from './conversation';
import type { Message } from './message';
import type { Participant } from './participant';
import type { User } from './user';

/** Payload of `conversationUpdated` / `conversation.updated`. */
export interface ConversationUpdatedEventArgs {
  conversation: Conversation;
  updateReasons: ConversationUpdateReason[];
}
/** Payload of `participantUpdated` / `participant.updated`. */
export interface ParticipantUpdatedEventArgs {
  participant: Participant;
  updateReasons: ParticipantUpdateReason[];
}
/** Payload of `messageUpdated` / `message.updated`. */
export interface MessageUpdatedEventArgs {
  message: Message;
  updateReasons: MessageUpdateReason[];
}
/** Payload of `userUpdated` / `user.updated`. */
export interface UserUpdatedEventArgs {
  user: User;
  updateReasons: UserUpdateReason[];
}

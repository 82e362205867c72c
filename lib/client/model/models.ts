import type { MessageData } from '../../protocol';
import type { Conversation } from './conversation';
import type { Message } from './message';
import type { Participant } from './participant';
import type { User } from './user';

/** The identity-stable model objects of a client, by sid (identity, index). */
export interface Models {
  conversation(sid: string): Conversation;
  participant(conversationSid: string, participantSid: string): Participant;
  /** The Message of an index; `seed` is its data when the store may not hold it. */
  message(conversationSid: string, index: number, seed?: MessageData): Message;
  user(identity: string): User;
}

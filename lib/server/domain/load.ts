import { ErrorCode } from '../../protocol';
import type { ConversationRecord, ParticipantRecord } from '../storage/records';
import type { Reader } from '../storage/storage';
import { canSee } from './access';
import { DomainError, conversationNotFound } from './errors';

/** A conversation and the caller's place in it. */
export interface Visible {
  conversation: ConversationRecord;
  participant: ParticipantRecord | null;
}

/** A conversation the caller takes part in. */
export interface Membership {
  conversation: ConversationRecord;
  participant: ParticipantRecord;
}

/**
 * Loads a conversation the caller may see. A missing conversation and a private one the
 * caller takes no part in get the same `NotFound`.
 */
export async function loadVisible(reader: Reader, conversationSid: string, identity: string): Promise<Visible> {
  const conversation = await reader.getConversation(conversationSid);
  if (!conversation) throw conversationNotFound();
  const participant = await reader.getParticipant(conversationSid, identity);
  if (!canSee(conversation, participant)) throw conversationNotFound();
  return { conversation, participant };
}

/**
 * Loads a conversation the caller takes part in: `NotFound` as in {@link loadVisible}, and
 * `Forbidden` for a public conversation the caller has not joined.
 */
export async function loadMembership(reader: Reader, conversationSid: string, identity: string): Promise<Membership> {
  const { conversation, participant } = await loadVisible(reader, conversationSid, identity);
  if (!participant) throw new DomainError(ErrorCode.Forbidden, 'Not a participant of this conversation: join it first');
  return { conversation, participant };
}

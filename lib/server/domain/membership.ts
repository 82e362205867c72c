import type { ConversationRecord, ParticipantRecord } from '../storage/records';
import { isAdmin, successorAdmin } from './access';
import type { Changes } from './context';
import { SidPrefix, newSid } from './sids';
import { conversationData, participantData } from './views';
import { participantPayload } from './webhook-events';

/** A participant record for a user joining now. */
export function newParticipant(
  conversationSid: string,
  identity: string,
  role: ParticipantRecord['role'],
  attributes: ParticipantRecord['attributes'],
  now: number
): ParticipantRecord {
  return {
    sid: newSid(SidPrefix.Participant),
    conversationSid,
    identity,
    type: 'chat',
    role,
    attributes,
    dateCreated: now,
    dateUpdated: now,
    lastReadMessageIndex: null,
    lastReadTimestamp: null,
    lastDeliveredMessageIndex: null,
    notificationLevel: 'default',
    lastDeliveredTimestamp: null
  };
}

/**
 * Emits `participantJoined` (with the conversation as it is now); the storage opens the joiner's
 * membership at its seq, so that the joiner receives it, live and on replay.
 */
export async function announceJoin(
  changes: Changes,
  conversation: ConversationRecord,
  participant: ParticipantRecord
): Promise<void> {
  await changes.emit(
    'participantJoined',
    { participant: participantData(participant), conversation: conversationData(conversation) },
    { conversationSid: conversation.sid, member: participant.identity }
  );
  changes.webhook(conversation.sid, participantPayload('onParticipantAdded', participantData(participant)));
}

/**
 * Removes a participant: the roster shrinks, `participantLeft` goes to everyone who was in
 * the conversation including the leaver, whose membership ends at its seq (the storage ends it). When the last admin
 * leaves, the longest-standing participant who stays becomes admin (`participantUpdated`).
 */
export async function removeFromConversation(
  changes: Changes,
  conversation: ConversationRecord,
  participant: ParticipantRecord
): Promise<void> {
  const { tx, now } = changes;
  await tx.deleteParticipant(participant.sid);
  await tx.updateConversation({ ...conversation, participantsCount: Math.max(0, conversation.participantsCount - 1) });
  await changes.emit(
    'participantLeft',
    { participant: participantData(participant) },
    { conversationSid: conversation.sid, member: participant.identity }
  );
  changes.webhook(conversation.sid, participantPayload('onParticipantRemoved', participantData(participant)));
  const successor = isAdmin(participant)
    ? successorAdmin(await tx.listParticipants(conversation.sid), participant)
    : null;
  if (successor) {
    const promoted: ParticipantRecord = { ...successor, role: 'admin', dateUpdated: now };
    await tx.updateParticipant(promoted);
    await changes.emit(
      'participantUpdated',
      { participant: participantData(promoted) },
      { conversationSid: conversation.sid }
    );
    changes.webhook(conversation.sid, participantPayload('onParticipantUpdated', participantData(promoted)));
  }
}

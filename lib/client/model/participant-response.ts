import type { ParticipantData } from '../../protocol';
import type { ParticipantResponse } from '../types';

/** The reference SDK's REST shape of a participant, as `conversation.add()` answers it. */
export function participantResponse(participant: ParticipantData): ParticipantResponse {
  return {
    account_sid: '',
    chat_service_sid: '',
    conversation_sid: participant.conversationSid,
    role_sid: participant.role,
    sid: participant.sid,
    attributes: JSON.stringify(participant.attributes),
    date_created: new Date(participant.dateCreated).toISOString(),
    date_updated: new Date(participant.dateUpdated).toISOString(),
    identity: participant.identity ?? '',
    messaging_binding: null,
    url: '',
    links: { conversation: '' }
  };
}

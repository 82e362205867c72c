import type { EventData, ParticipantData } from '../../../protocol';
import { jsonEqual } from '../equal';
import { deepFreeze, freezeConversationData } from '../freeze';
import { emptyRecord, lookup } from '../records';
import type { ConversationEntry } from '../state';
import { addConversation, removeConversation, replaceConversation } from './entries';
import { putParticipant, takeParticipant } from './roster';
import { typingEnded } from './typing';
import type { Tx } from './tx';

/**
 * Someone joined. When it is the user, the conversation becomes joined (conversationAdded if it
 * was unknown, conversationJoined), with the event's shared fields and a horizon and unread count
 * of null for a new participant; otherwise only a known conversation is concerned, and its shared
 * fields follow the event. Then participantJoined.
 */
export function participantJoined(tx: Tx, event: EventData<'participantJoined'>): void {
  const participant = event.participant;
  const data = freezeConversationData(event.conversation);
  const prev = tx.conversations.get(data.sid);
  if (isSelf(tx, participant)) {
    const next: ConversationEntry = {
      data,
      status: 'joined',
      participantSid: participant.sid,
      lastReadMessageIndex: participant.lastReadMessageIndex,
      unreadCount: prev?.status === 'joined' && prev.participantSid === participant.sid ? prev.unreadCount : null,
      notificationLevel: prev?.notificationLevel ?? 'default',
      mentionCount: prev?.status === 'joined' && prev.participantSid === participant.sid ? prev.mentionCount : 0
    };
    if (prev === undefined) addConversation(tx, next);
    else replaceConversation(tx, prev, next);
  } else {
    if (prev === undefined) return;
    replaceConversation(tx, prev, { ...prev, data });
  }
  putParticipant(tx, participant, 'joined');
}

/**
 * A participant changed (attributes, role, read or delivery horizon): participantUpdated with the
 * reasons that apply. One the roster did not hold is put in silently.
 */
export function participantUpdated(tx: Tx, event: EventData<'participantUpdated'>): void {
  if (tx.conversations.get(event.participant.conversationSid) === undefined) return;
  putParticipant(tx, event.participant, 'silent');
}

/**
 * Someone left: their typing ends, they leave the roster, participantLeft (with the last value).
 * When it is the user, the conversation goes too (conversationLeft, conversationRemoved).
 */
export function participantLeft(tx: Tx, event: EventData<'participantLeft'>): void {
  const participant = event.participant;
  const sid = participant.conversationSid;
  if (tx.conversations.get(sid) === undefined) return;
  typingEnded(tx, sid, participant.sid);
  const last = takeParticipant(tx, sid, participant.sid) ?? participant;
  tx.emit({ type: 'participantLeft', conversationSid: sid, participantSid: participant.sid, last });
  if (isSelf(tx, participant)) {
    removeConversation(tx, sid);
    return;
  }
  // the event carries no conversation: the roster is one smaller now
  const prev = tx.conversations.get(sid);
  if (prev !== undefined && prev.data.participantsCount > 0) {
    replaceConversation(tx, prev, {
      ...prev,
      data: { ...prev.data, participantsCount: prev.data.participantsCount - 1 }
    });
  }
}

/**
 * Delivery horizons that moved (coalesced by the server): each participant the roster holds takes
 * its new horizon, silently (receipts recompute from the roster; no participantUpdated per ack).
 */
export function participantsDelivered(tx: Tx, event: EventData<'participantsDelivered'>): void {
  const roster = tx.participants.get(event.conversationSid);
  if (roster === undefined) return;
  for (const { participantSid, index } of event.horizons) {
    const held = lookup(roster.bySid, participantSid);
    if (held === undefined || (held.lastDeliveredMessageIndex !== null && held.lastDeliveredMessageIndex >= index))
      continue;
    putParticipant(tx, { ...held, lastDeliveredMessageIndex: index }, 'silent');
  }
}

/** A whole roster: replaces the one held and marks it loaded (no participantJoined for these). */
export function participantsLoaded(tx: Tx, conversationSid: string, items: readonly ParticipantData[]): void {
  if (tx.conversations.get(conversationSid) === undefined) return;
  const prev = tx.participants.get(conversationSid);
  const bySid = emptyRecord<ParticipantData>();
  for (const item of items) {
    if (item.conversationSid !== conversationSid) continue;
    const held = lookup(prev?.bySid, item.sid);
    bySid[item.sid] = held !== undefined && jsonEqual(held, item) ? held : deepFreeze(item);
  }
  if (prev?.loaded === true && jsonEqual(prev.bySid, bySid)) return;
  tx.participants.set(conversationSid, { loaded: true, bySid });
}

function isSelf(tx: Tx, participant: ParticipantData): boolean {
  return participant.identity !== null && participant.identity === tx.identity;
}

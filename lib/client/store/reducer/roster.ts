import type { ParticipantData } from '../../../protocol';
import { deepFreeze } from '../freeze';
import { emptyRecord, lookup, writableRecord } from '../records';
import type { RosterEntry } from '../state';
import { participantReasons, sameParticipant } from './reasons';
import type { Tx } from './tx';

/** How `putParticipant` announces a participant the roster did not hold. */
export type Arrival = 'joined' | 'silent';

/**
 * Puts a participant into its conversation's roster (creating the roster, not loaded, if needed).
 * A participant the roster did not hold is announced with participantJoined when `arrival` is
 * 'joined'; a changed one with participantUpdated if any reference reason applies (a delivery
 * horizon alone changes the state, so receipts recompute, but emits nothing).
 */
export function putParticipant(tx: Tx, participant: ParticipantData, arrival: Arrival): void {
  const conversationSid = participant.conversationSid;
  const roster = tx.participants.get(conversationSid);
  const prev = lookup(roster?.bySid, participant.sid);
  if (prev === participant) return;
  const reasons = prev === undefined ? [] : participantReasons(prev, participant);
  if (prev !== undefined && reasons.length === 0 && sameParticipant(prev, participant)) return;
  const bySid = writableRecord(roster?.bySid ?? emptyRecord<ParticipantData>());
  bySid[participant.sid] = deepFreeze(participant);
  tx.participants.set(conversationSid, { loaded: roster?.loaded ?? false, bySid });
  if (prev === undefined) {
    if (arrival === 'joined') tx.emit({ type: 'participantJoined', conversationSid, participantSid: participant.sid });
    return;
  }
  if (reasons.length > 0)
    tx.emit({ type: 'participantUpdated', conversationSid, participantSid: participant.sid, reasons });
}

/** Takes a participant out of its conversation's roster. @returns the one held, if any. */
export function takeParticipant(tx: Tx, conversationSid: string, participantSid: string): ParticipantData | undefined {
  const roster: RosterEntry | undefined = tx.participants.get(conversationSid);
  const prev = lookup(roster?.bySid, participantSid);
  if (roster === undefined || prev === undefined) return undefined;
  const bySid = writableRecord(roster.bySid);
  delete bySid[participantSid];
  tx.participants.set(conversationSid, { loaded: roster.loaded, bySid });
  return prev;
}

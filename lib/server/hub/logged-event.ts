import type { EventData } from '../../protocol';
import type { BusEvent } from '../bus/bus';
import type { EventRecord } from '../storage/records';

/**
 * A logged event as the bus carries it: `participantJoined` and `participantLeft` name their
 * member (whose subscriptions they change), which the log keeps inside the data.
 */
export function busEventFromLog(record: EventRecord): BusEvent {
  const event: BusEvent = {
    seq: record.seq,
    name: record.name,
    conversationSid: record.conversationSid,
    targetIdentity: record.targetIdentity,
    data: record.data
  };
  if (record.name === 'participantJoined' || record.name === 'participantLeft') {
    const identity = (record.data as EventData<'participantLeft'>).participant.identity;
    if (identity !== null) event.member = identity;
  }
  return event;
}

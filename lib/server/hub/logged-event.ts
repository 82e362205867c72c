import type { BusEvent } from '../bus/bus';
import type { EventRecord } from '../storage/records';

/**
 * A logged event as the bus carries it: `participantJoined` and `participantLeft` name their
 * member (whose subscriptions they change), which the log keeps inside the data.
 */
export function busEventFromLog(record: EventRecord): BusEvent {
  // the log holds only events the domain emitted, each with the data of its name
  const event = {
    seq: record.seq,
    name: record.name,
    conversationSid: record.conversationSid,
    targetIdentity: record.targetIdentity,
    data: record.data
  } as BusEvent;
  if (event.name === 'participantJoined' || event.name === 'participantLeft') {
    const identity = event.data.participant.identity;
    if (identity !== null) event.member = identity;
  }
  return event;
}

import type { Models } from '../model/models';
import { messageKey } from '../model/registry';
import type { ClientEvent } from './client-event';
import type { EventStreams } from './event-streams';

/** No payload made yet. */
const UNMADE = Symbol('unmade');

/**
 * Gives `make()` to the listeners of up to three (channel, key) routes, made once and only if one
 * of them is listened to (so a message nobody listens for never becomes a Message object).
 */
function to(
  streams: EventStreams,
  make: () => unknown,
  c1: string,
  k1: string,
  c2?: string,
  k2?: string,
  c3?: string,
  k3?: string
): void {
  // no closure per event: this runs for every event the client delivers
  let payload: unknown = UNMADE;
  if (streams.observed(c1, k1)) streams.emit(c1, k1, (payload = make()));
  if (c2 !== undefined && k2 !== undefined && streams.observed(c2, k2)) {
    if (payload === UNMADE) payload = make();
    streams.emit(c2, k2, payload);
  }
  if (c3 !== undefined && k3 !== undefined && streams.observed(c3, k3)) {
    if (payload === UNMADE) payload = make();
    streams.emit(c3, k3, payload);
  }
}

/**
 * Delivers one event as the documented events, with the reference SDK's payload shapes: on the
 * client (channel = the event's name, key '') and on the model objects concerned (channel
 * `conversation:…`, `participant:…`, `message:…`, `user:…`, keyed by sid, index or identity).
 */
export function deliver(streams: EventStreams, models: Models, e: ClientEvent): void {
  switch (e.type) {
    case 'connectionStateChanged':
      return to(streams, () => e.state, e.type, '');
    case 'conversationAdded':
    case 'conversationJoined':
    case 'conversationLeft':
      return to(streams, () => models.conversation(e.conversationSid), e.type, '');
    case 'conversationRemoved':
      return to(
        streams,
        () => models.conversation(e.conversationSid),
        e.type,
        '',
        'conversation:removed',
        e.conversationSid
      );
    case 'conversationUpdated':
      return to(
        streams,
        () => ({ conversation: models.conversation(e.conversationSid), updateReasons: e.reasons }),
        e.type,
        '',
        'conversation:updated',
        e.conversationSid
      );
    case 'participantJoined':
    case 'participantLeft':
      return to(
        streams,
        () => models.participant(e.conversationSid, e.participantSid),
        e.type,
        '',
        `conversation:${e.type}`,
        e.conversationSid
      );
    case 'participantUpdated':
      return to(
        streams,
        () => ({ participant: models.participant(e.conversationSid, e.participantSid), updateReasons: e.reasons }),
        e.type,
        '',
        'conversation:participantUpdated',
        e.conversationSid,
        'participant:updated',
        e.participantSid
      );
    case 'typingStarted':
    case 'typingEnded':
      return to(
        streams,
        () => models.participant(e.conversationSid, e.participantSid),
        e.type,
        '',
        `conversation:${e.type}`,
        e.conversationSid,
        `participant:${e.type}`,
        e.participantSid
      );
    case 'messageAdded':
      return to(
        streams,
        () => models.message(e.conversationSid, e.index, e.message),
        e.type,
        '',
        'conversation:messageAdded',
        e.conversationSid
      );
    case 'messageRemoved':
      return to(
        streams,
        () => models.message(e.conversationSid, e.index, e.last),
        e.type,
        '',
        'conversation:messageRemoved',
        e.conversationSid
      );
    case 'messageUpdated':
      return to(
        streams,
        () => ({ message: models.message(e.conversationSid, e.index), updateReasons: e.reasons }),
        e.type,
        '',
        'conversation:messageUpdated',
        e.conversationSid,
        'message:updated',
        streams.hasChannel('message:updated') ? messageKey(e.conversationSid, e.index) : undefined
      );
    case 'userSubscribed':
    case 'userUnsubscribed':
      return to(streams, () => models.user(e.identity), e.type, '', `user:${e.type}`, e.identity);
    case 'userUpdated':
      return to(
        streams,
        () => ({ user: models.user(e.identity), updateReasons: e.reasons }),
        e.type,
        '',
        'user:updated',
        e.identity
      );
    case 'initialized':
    case 'tokenAboutToExpire':
    case 'tokenExpired':
      return to(streams, () => undefined, e.type, '');
    case 'initFailed':
      return to(streams, () => ({ error: e.error }), e.type, '');
    case 'stateChanged':
      return to(streams, () => e.state, e.type, '');
    case 'connectionError':
      return to(streams, () => e.error, e.type, '');
    case 'pushNotification':
      return to(streams, () => e.notification, e.type, '');
  }
}

import type { Emission } from '../store/emissions';
import type { Client } from '../client';
import type { Registry } from './registry';

/**
 * Turns the reducer's emissions into the documented events, on the client and on the model
 * objects concerned, with the reference SDK's payload shapes. Runs after the state that holds
 * them was published.
 */
export function emitAll(client: Client, registry: Registry, emissions: readonly Emission[]): void {
  for (const emission of emissions) emitOne(client, registry, emission);
}

function emitOne(client: Client, registry: Registry, e: Emission): void {
  switch (e.type) {
    case 'connectionStateChanged':
      client._emit('connectionStateChanged', e.state);
      return;
    case 'conversationAdded':
      client._emit('conversationAdded', registry.conversation(e.conversationSid));
      return;
    case 'conversationJoined':
      client._emit('conversationJoined', registry.conversation(e.conversationSid));
      return;
    case 'conversationLeft': {
      const conversation = registry.conversation(e.conversationSid);
      conversation._retain(e.last);
      client._emit('conversationLeft', conversation);
      return;
    }
    case 'conversationRemoved': {
      const conversation = registry.conversation(e.conversationSid);
      conversation._retain(e.last);
      client._emit('conversationRemoved', conversation);
      conversation._emit('removed', conversation);
      return;
    }
    case 'conversationUpdated': {
      const conversation = registry.conversation(e.conversationSid);
      const args = { conversation, updateReasons: e.reasons };
      client._emit('conversationUpdated', args);
      conversation._emit('updated', args);
      return;
    }
    case 'participantJoined': {
      const conversation = registry.conversation(e.conversationSid);
      if (!client._observed('participantJoined') && !conversation._observed('participantJoined')) return;
      const participant = registry.participant(e.conversationSid, e.participantSid);
      client._emit('participantJoined', participant);
      conversation._emit('participantJoined', participant);
      return;
    }
    case 'participantLeft': {
      const participant = registry.participant(e.conversationSid, e.participantSid);
      participant._retain(e.last);
      client._emit('participantLeft', participant);
      registry.conversation(e.conversationSid)._emit('participantLeft', participant);
      return;
    }
    case 'participantUpdated': {
      const participant = registry.participant(e.conversationSid, e.participantSid);
      const args = { participant, updateReasons: e.reasons };
      client._emit('participantUpdated', args);
      registry.conversation(e.conversationSid)._emit('participantUpdated', args);
      participant._emit('updated', args);
      return;
    }
    case 'messageAdded': {
      const conversation = registry.conversation(e.conversationSid);
      if (!client._observed('messageAdded') && !conversation._observed('messageAdded')) return;
      const message = registry.message(e.conversationSid, e.index, e.message);
      client._emit('messageAdded', message);
      conversation._emit('messageAdded', message);
      return;
    }
    case 'messageUpdated': {
      const message = registry.message(e.conversationSid, e.index);
      const args = { message, updateReasons: e.reasons };
      client._emit('messageUpdated', args);
      registry.conversation(e.conversationSid)._emit('messageUpdated', args);
      message._emit('updated', args);
      return;
    }
    case 'messageRemoved': {
      const message = registry.message(e.conversationSid, e.index, e.last);
      client._emit('messageRemoved', message);
      registry.conversation(e.conversationSid)._emit('messageRemoved', message);
      return;
    }
    case 'typingStarted':
    case 'typingEnded': {
      const participant = registry.participant(e.conversationSid, e.participantSid);
      client._emit(e.type, participant);
      registry.conversation(e.conversationSid)._emit(e.type, participant);
      participant._emit(e.type, participant);
      return;
    }
    case 'userSubscribed': {
      const user = registry.user(e.identity);
      client._emit('userSubscribed', user);
      user._emit('userSubscribed', user);
      return;
    }
    case 'userUnsubscribed': {
      const user = registry.user(e.identity);
      user._retain(e.last);
      client._emit('userUnsubscribed', user);
      user._emit('userUnsubscribed', user);
      return;
    }
    case 'userUpdated': {
      const user = registry.user(e.identity);
      const args = { user, updateReasons: e.reasons };
      client._emit('userUpdated', args);
      user._emit('updated', args);
      return;
    }
  }
}

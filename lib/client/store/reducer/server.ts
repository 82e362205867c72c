import type { ServerEvent } from '../../../protocol';
import { conversationDeleted, conversationUpdated, userConversationUpdated } from './conversations';
import { messageAdded, messageRemoved, messageUpdated } from './messages';
import { messageReactionsUpdated } from './reactions';
import { participantJoined, participantLeft, participantsDelivered, participantUpdated } from './participants';
import { typingStarted } from './typing';
import type { Tx } from './tx';
import { userUpdated } from './users';

/**
 * A server event. A durable one (with a seq) at or below the session's position was applied
 * already (a duplicate, a redelivery) and is ignored entirely; otherwise it is applied and the
 * position moves to its seq. Ephemeral ones (no seq) are always applied.
 */
export function serverEvent(tx: Tx, event: ServerEvent): void {
  if (event.seq !== undefined) {
    if (event.seq <= tx.position) return;
    tx.position = event.seq;
  }
  switch (event.name) {
    case 'conversationUpdated':
      return conversationUpdated(tx, event.data);
    case 'conversationRemoved':
      return conversationDeleted(tx, event.data);
    case 'participantJoined':
      return participantJoined(tx, event.data);
    case 'participantUpdated':
      return participantUpdated(tx, event.data);
    case 'participantLeft':
      return participantLeft(tx, event.data);
    case 'participantsDelivered':
      return participantsDelivered(tx, event.data);
    case 'messageAdded':
      return messageAdded(tx, event.data);
    case 'messageUpdated':
      return messageUpdated(tx, event.data);
    case 'messageReactionsUpdated':
      return messageReactionsUpdated(tx, event.data);
    case 'messageRemoved':
      return messageRemoved(tx, event.data);
    case 'userConversationUpdated':
      return userConversationUpdated(tx, event.data);
    case 'typingStarted':
      return typingStarted(tx, event.data);
    case 'userUpdated':
      return userUpdated(tx, event.data.user);
    default:
      return unknownEvent(event);
  }
}

function unknownEvent(event: never): void {
  void event;
}

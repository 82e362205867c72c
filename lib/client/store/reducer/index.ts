import type { Action } from '../actions';
import type { Emission } from '../emissions';
import { deepFreeze } from '../freeze';
import type { State } from '../state';
import { cacheDetailRestored, cacheRestored, cacheUnavailable } from './cache';
import { conversationPeeked, conversationsLoaded, conversationsReplaced, pruneConversations } from './conversations';
import { historyFailed, historyLoaded, historyRequested } from './history';
import { messagesLoaded } from './messages';
import { participantsLoaded } from './participants';
import { pendingAdded, pendingFailed, pendingRemoved, pendingRetried } from './pending';
import { serverEvent } from './server';
import { connectionChanged, sessionStarted, sessionStatus } from './session';
import { Tx } from './tx';
import { typingEnded } from './typing';
import { userUnsubscribed, usersLoaded } from './users';

/** What one batch did: the new state, and the documented events to emit once it is published. */
export interface ReduceResult {
  readonly state: State;
  /** The actions reduced, in order. */
  readonly actions: readonly Action[];
  /**
   * In the order things happened. An entity an emission names is held by `state`, unless a later emission of the batch
   * removes it (removals carry `last`).
   */
  readonly emissions: Emission[];
}

/**
 * Reduces one batch of actions (the events of one tick) into the next state. Pure: no clock, no
 * randomness. The state returned is frozen; when nothing changed it is the very state given.
 * Payloads the state keeps (messages, participants, ...) are frozen in place.
 *
 * The small singletons (session, connection) are written through immer drafts; the records of
 * entities go through copy-on-write tables (see `Table`); `Tx.commit` puts the state together.
 */
export function reduce(state: State, actions: readonly Action[]): ReduceResult {
  if (actions.length === 0) return { state, actions, emissions: [] };
  const base = Object.isFrozen(state) ? state : deepFreeze(state);
  const tx = new Tx(base);
  for (const action of actions) apply(tx, action);
  return { state: tx.commit(), actions, emissions: tx.emissions };
}

function apply(tx: Tx, action: Action): void {
  switch (action.type) {
    case 'server':
      return serverEvent(tx, action.event);
    case 'connectionChanged':
      return connectionChanged(tx, action);
    case 'sessionStarted':
      return sessionStarted(tx, action);
    case 'initialized':
      return sessionStatus(tx, 'initialized');
    case 'initFailed':
      return sessionStatus(tx, 'failed', action.error);
    case 'shutdown':
      return sessionStatus(tx, 'shutdown');
    case 'conversationsLoaded':
      return conversationsLoaded(tx, action.items);
    case 'conversationsReplaced':
      return conversationsReplaced(tx, action.items);
    case 'conversationsPruned':
      return pruneConversations(tx, action.keep);
    case 'conversationPeeked':
      return conversationPeeked(tx, action.conversation);
    case 'participantsLoaded':
      return participantsLoaded(tx, action.conversationSid, action.items);
    case 'messagesLoaded':
      return messagesLoaded(tx, action.conversationSid, action.items);
    case 'historyRequested':
      return historyRequested(tx, action.conversationSid);
    case 'historyLoaded':
      return historyLoaded(tx, action.conversationSid, action.items, action.reachedStart);
    case 'historyFailed':
      return historyFailed(tx, action.conversationSid, action.error);
    case 'usersLoaded':
      return usersLoaded(tx, action.items);
    case 'userUnsubscribed':
      return userUnsubscribed(tx, action.identity);
    case 'pendingAdded':
      return pendingAdded(tx, action.message);
    case 'pendingFailed':
      return pendingFailed(tx, action.conversationSid, action.key, action.error);
    case 'pendingRetried':
      return pendingRetried(tx, action.conversationSid, action.key);
    case 'pendingRemoved':
      return pendingRemoved(tx, action.conversationSid, action.key);
    case 'cacheRestored':
      return cacheRestored(tx, action.cached);
    case 'cacheDetailRestored':
      return cacheDetailRestored(tx, action.position, action.detail);
    case 'cacheUnavailable':
      return cacheUnavailable(tx, action.warning);
    case 'typingExpired':
      return typingEnded(tx, action.conversationSid, action.participantSid);
    default:
      return unknownAction(action);
  }
}

function unknownAction(action: never): void {
  void action;
}

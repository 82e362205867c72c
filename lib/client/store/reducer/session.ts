import type { Action } from '../actions';
import type { ConnectionErrorInfo } from '../state';
import { deepFreeze } from '../freeze';
import { jsonEqual } from '../equal';
import type { Tx } from './tx';

type ActionOf<T extends Action['type']> = Extract<Action, { type: T }>;

/** The connection changed: its state (emitted only on change) and its error. */
export function connectionChanged(tx: Tx, action: ActionOf<'connectionChanged'>): void {
  const connection = tx.connection;
  if (connection.state !== action.state) {
    connection.state = action.state;
    tx.emit({ type: 'connectionStateChanged', state: action.state });
  }
  const error = action.error ?? null;
  if (!jsonEqual(connection.error, error)) connection.error = deepFreeze(error);
}

/** A handshake succeeded: who the user is, and where the event sequence stands unless the session resumed. */
export function sessionStarted(tx: Tx, action: ActionOf<'sessionStarted'>): void {
  const session = tx.session;
  session.identity = action.identity;
  session.reachabilityEnabled = action.reachabilityEnabled;
  if (action.resume !== 'resumed') tx.position = action.position;
}

/** The session's lifecycle: initialized, failed or shut down. */
export function sessionStatus(
  tx: Tx,
  status: 'initialized' | 'failed' | 'shutdown',
  failure?: ConnectionErrorInfo
): void {
  tx.session.status = status;
  if (status === 'initialized') tx.session.source = 'live';
  if (failure !== undefined) tx.session.failure = deepFreeze({ ...failure });
}

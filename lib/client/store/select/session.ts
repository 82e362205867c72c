import { createSelector, type Selector } from '../memoize';
import type { ConnectionErrorInfo, ConnectionState, SessionState, State } from '../state';

/** The connection state (`unknown` before the first). */
export const selectConnectionState = (state: State): ConnectionState => state.connection.state;

/** Why the connection last failed, if it did. */
export const selectConnectionError = (state: State): ConnectionErrorInfo | null => state.connection.error;

/** The session: identity, position, lifecycle, reachability. */
export const selectSession = (state: State): SessionState => state.session;

/** True once the client is initialized. */
export const selectIsInitialized = (state: State): boolean => state.session.status === 'initialized';

/** Where a client is: its phase, its connection, and why it failed or last lost its connection. */
export interface ClientStatus {
  /** `initializing` until the first load completes; `failed` when it cannot; `shutdown` after `shutdown()`. */
  readonly phase: SessionState['status'];
  /** The connection state, as `connectionStateChanged` reports it. */
  readonly connection: ConnectionState;
  /** Why initialization failed, else why the connection last failed (null when it did not). */
  readonly error: ConnectionErrorInfo | null;
  /** Where the state shown comes from: `cache` until the client caught up with the server, then `live`. */
  readonly source: SessionState['source'];
  /** Why the persistent cache is not used (the client runs in memory), when it is not. */
  readonly warning: string | null;
}

/**
 * The client's status, readable at any time (a late subscriber gets it at once, unlike the
 * one-off `initialized` event): one frozen object, the same while nothing in it changes.
 */
export const selectClientStatus: Selector<State, ClientStatus> = createSelector(
  [
    (state: State) => state.session.status,
    (state: State) => state.connection.state,
    (state: State) => state.session.failure ?? state.connection.error,
    (state: State) => state.session.source,
    (state: State) => state.session.warning
  ],
  (phase, connection, error, source, warning): ClientStatus => ({ phase, connection, error, source, warning })
);

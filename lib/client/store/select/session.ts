import type { ConnectionErrorInfo, ConnectionState, SessionState, State } from '../state';

/** The connection state (`unknown` before the first). */
export const selectConnectionState = (state: State): ConnectionState => state.connection.state;

/** Why the connection last failed, if it did. */
export const selectConnectionError = (state: State): ConnectionErrorInfo | null => state.connection.error;

/** The session: identity, position, lifecycle, reachability. */
export const selectSession = (state: State): SessionState => state.session;

/** True once the client is initialized. */
export const selectIsInitialized = (state: State): boolean => state.session.status === 'initialized';

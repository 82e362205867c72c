import type { PushNotification } from '../push/push-notification';
import type { Emission } from '../store/emissions';
import type { ConnectionErrorInfo } from '../transport/connection-state';

/**
 * Everything the client tells the application, in the order it happened: the store's emissions
 * (what a batch changed) and the session's own news (initialized, token expiry, connection
 * errors, push notifications). The event pipeline delivers these; the documented events and
 * their payloads are derived from them by lookup.
 */
export type ClientEvent =
  | Emission
  | { type: 'initialized' }
  | { type: 'initFailed'; error: ConnectionErrorInfo }
  | { type: 'stateChanged'; state: 'initialized' | 'failed' }
  | { type: 'tokenAboutToExpire' }
  | { type: 'tokenExpired' }
  | { type: 'connectionError'; error: ConnectionErrorInfo }
  | { type: 'pushNotification'; notification: PushNotification };

/** The state of the connection, as the reference SDK names it (plus `unknown` before the first). */
export type ConnectionState = 'unknown' | 'connecting' | 'connected' | 'disconnecting' | 'disconnected' | 'denied';

/** Why the connection failed: the payload of `connectionError`. */
export interface ConnectionErrorInfo {
  /** True when the client will not try again (denied, shut down). */
  terminal: boolean;
  message: string;
  httpStatusCode?: number | null;
  errorCode?: number | null;
}

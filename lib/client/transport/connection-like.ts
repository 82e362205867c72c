import type { WelcomeFrame, WireError } from '../../protocol';
import type { ConnectionErrorInfo, ConnectionState } from './connection-state';
import type { IncomingFrame } from './decode-frame';

/**
 * What the session needs of a connection: the client's own (`Connection`), or one shared with the
 * other tabs of the same origin and identity (the `rx-conversations/cache` entry's).
 */
export interface ConnectionLike {
  /** The current public state. */
  readonly state: ConnectionState;
  /** Whether the handshake succeeded and frames may be sent. */
  readonly isReady: boolean;
  /** Opens the connection (and keeps it open until `close`). */
  open(): void;
  /** Sends a frame if the handshake is done; answers whether it went out. */
  send(frame: object): boolean;
  /** Uses a new token for the next handshake (and at once after a denial). */
  setToken(token: string): void;
  /** Drops the link and connects again. */
  reconnect(): void;
  /** Closes for good. */
  close(): void;
}

/** What the connection reports to its owner. */
export interface ConnectionHandlers {
  /** The public connection state changed. */
  state(state: ConnectionState, error: ConnectionErrorInfo | null): void;
  /** A handshake succeeded. */
  welcome(welcome: WelcomeFrame): void;
  /** A decoded frame other than welcome, denied and heartbeats. */
  frame(frame: IncomingFrame): void;
  /** The connection failed or a frame could not be decoded (the frame was dropped). */
  error(error: ConnectionErrorInfo): void;
  /** The server refused the token; `expired` when it had expired. */
  denied(error: WireError): void;
}

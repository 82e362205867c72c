import type { ConnectionState } from './connection-state';

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

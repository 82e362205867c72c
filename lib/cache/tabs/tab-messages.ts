import type { WelcomeFrame, WireError } from '../../protocol';
import type { ConnectionErrorInfo, ConnectionState } from '../../client/transport/connection-state';
import type { IncomingFrame } from '../../client/transport/decode-frame';

/**
 * What tabs of one origin and identity say to each other on their BroadcastChannel. The leader
 * holds the server connection; every other tab (a follower) talks to the server through it, as if
 * the leader were the server: a handshake with its position is answered by a welcome and the
 * events it missed, requests by their replies, and the events of every tab's stream are broadcast.
 * Frames travel decoded (the leader decoded and checked them).
 */
export type TabMessage =
  /** A follower asks to be attached from `position` (null: it holds nothing). */
  | { readonly kind: 'handshake'; readonly from: string; readonly position: number | null; readonly attempt: number }
  /** A follower's request frame, to go to the server. */
  | { readonly kind: 'request'; readonly from: string; readonly frame: RequestOut }
  /** A new leader took the connection: followers attach again. */
  | { readonly kind: 'leader'; readonly from: string }
  /** The leader's connection is up (a follower not attached hands its handshake in) or down. */
  | { readonly kind: 'link'; readonly from: string; readonly up: boolean; readonly state: ConnectionState }
  /** A frame for one follower: its welcome and the events it missed (for handshake `attempt`), its replies. */
  | { readonly kind: 'to'; readonly to: string; readonly frame: IncomingFrame; readonly attempt?: number }
  /** A frame for every attached follower: events, in the order the leader applied them. */
  | { readonly kind: 'all'; readonly frame: IncomingFrame }
  /** The server refused the token: every follower is denied too. */
  | { readonly kind: 'denied'; readonly error: WireError; readonly info: ConnectionErrorInfo };

/** A request frame as the session sends it. */
export interface RequestOut {
  readonly type: 'request';
  readonly id: number;
  readonly command: string;
  readonly args: unknown;
}

/** A welcome for a follower, made from the leader's own: the same session facts, its own outcome. */
export function followerWelcome(leader: WelcomeFrame, resume: WelcomeFrame['resume'], position: number): IncomingFrame {
  return { type: 'welcome', welcome: { ...leader, resume, position } };
}

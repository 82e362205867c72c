import type { WireError } from '../../protocol';
import type { SessionLink } from '../../client/session/cache-port';
import type { ConnectionLike } from '../../client/transport/connection-like';
import type { ConnectionErrorInfo, ConnectionState } from '../../client/transport/connection-state';
import type { IncomingFrame } from '../../client/transport/decode-frame';
import { Relay } from './relay';
import type { RequestOut, TabMessage } from './tab-messages';

/** What the tab model needs of the browser: a BroadcastChannel and the Web Locks API. */
export interface TabPlatform {
  readonly channel: (name: string) => BroadcastChannel;
  readonly locks: LockManager;
}

/** The browser's, when it has both; else null (each tab keeps its own connection). */
export function browserTabs(): TabPlatform | null {
  const g = globalThis as { BroadcastChannel?: typeof BroadcastChannel; navigator?: { locks?: LockManager } };
  const Channel = g.BroadcastChannel;
  const locks = g.navigator?.locks;
  if (Channel === undefined || locks === undefined) return null;
  return { channel: (name) => new Channel(name), locks };
}

/**
 * One server connection for every tab of the same origin and identity. The tab holding the Web
 * Lock `name` is the leader: it opens the connection (its session's own) and serves the others
 * through a `Relay`. Every other tab follows: its session talks to the leader over the
 * BroadcastChannel `name` as it would to the server (handshake with its position, requests,
 * replies, events). When the leader goes, the lock passes to another tab, which connects and
 * resumes from its own position; the followers attach to it again, and their requests still
 * waiting are sent again (retry-safe ones, as after any reconnect).
 */
export class TabLink implements ConnectionLike {
  readonly #id = globalThis.crypto.randomUUID();
  readonly #name: string;
  readonly #session: SessionLink;
  readonly #platform: TabPlatform;
  readonly #leading: () => void;
  #channel: BroadcastChannel | null = null;
  #mode: 'idle' | 'follower' | 'leader' | 'closed' = 'idle';
  #state: ConnectionState = 'unknown';
  #ready = false;
  /** The follower's latest handshake: only the welcome answering it is taken. */
  #attempt = 0;
  #own: ConnectionLike | null = null;
  #relay: Relay | null = null;
  #release: (() => void) | null = null;
  readonly #abort = new AbortController();

  /** @param leading told when this tab becomes the leader (it then writes the shared cache). */
  constructor(name: string, session: SessionLink, platform: TabPlatform, leading: () => void) {
    this.#name = name;
    this.#session = session;
    this.#platform = platform;
    this.#leading = leading;
  }

  /** Whether this tab holds the connection. */
  get leads(): boolean {
    return this.#mode === 'leader';
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get isReady(): boolean {
    return this.#mode === 'leader' ? (this.#own?.isReady ?? false) : this.#ready;
  }

  open(): void {
    if (this.#mode !== 'idle') return;
    const channel = (this.#channel = this.#platform.channel(this.#name));
    channel.onmessage = (event: MessageEvent<TabMessage>) => this.#message(event.data);
    const { locks } = this.#platform;
    void locks.request(this.#name, { ifAvailable: true }, (lock) => {
      if (lock !== null) return this.#lead();
      this.#follow();
      void locks
        .request(this.#name, { signal: this.#abort.signal }, () => this.#lead())
        .catch(() => undefined /* aborted: the tab closed */);
      return undefined;
    });
  }

  send(frame: object): boolean {
    if (this.#mode === 'leader') return this.#own?.send(frame) ?? false;
    if (this.#mode !== 'follower' || !this.#ready) return false;
    if ((frame as { type?: unknown }).type !== 'request') return false;
    this.#post({ kind: 'request', from: this.#id, frame: frame as RequestOut });
    return true;
  }

  setToken(token: string): void {
    this.#own?.setToken(token);
  }

  reconnect(): void {
    if (this.#mode === 'leader') this.#own?.reconnect();
    else if (this.#mode === 'follower') this.#handshake();
  }

  close(): void {
    if (this.#mode === 'closed') return;
    this.#mode = 'closed';
    this.#ready = false;
    this.#abort.abort();
    this.#own?.close();
    this.#release?.();
    this.#channel?.close();
    this.#channel = null;
  }

  /** This tab got the lock: it connects for everyone, and holds the lock until it closes. */
  #lead(): Promise<void> | undefined {
    if (this.#mode === 'closed') return undefined;
    const wasFollower = this.#mode === 'follower';
    this.#mode = 'leader';
    this.#ready = false;
    this.#leading();
    const { handlers } = this.#session;
    let sent: number | null = null;
    const own = (this.#own = this.#session.connect(
      {
        state: (state, error) => {
          this.#state = state;
          if (state !== 'connected') {
            this.#relay?.down();
            this.#post({ kind: 'link', from: this.#id, up: false, state });
          }
          handlers.state(state, error);
        },
        welcome: (welcome) => {
          this.#relay?.welcomed(welcome, sent);
          handlers.welcome(welcome);
          this.#post({ kind: 'link', from: this.#id, up: true, state: 'connected' });
        },
        frame: (frame) => {
          if (this.#relay?.received(frame) !== true) handlers.frame(frame);
        },
        error: (error) => handlers.error(error),
        denied: (error) => {
          handlers.denied(error);
          this.#post({ kind: 'denied', error, info: this.#deniedInfo(error) });
        }
      },
      () => (sent = this.#session.resumePosition())
    ));
    this.#relay = new Relay(
      (message) => this.#post(message),
      (frame) => own.send(frame)
    );
    if (wasFollower) handlers.state('connecting', null);
    this.#post({ kind: 'leader', from: this.#id });
    own.open();
    return new Promise<void>((resolve) => (this.#release = resolve));
  }

  /** Another tab leads: this one attaches to it. */
  #follow(): void {
    if (this.#mode !== 'idle') return;
    this.#mode = 'follower';
    this.#setState('connecting', null);
    this.#handshake();
  }

  #handshake(): void {
    this.#ready = false;
    this.#attempt += 1;
    this.#post({ kind: 'handshake', from: this.#id, position: this.#session.resumePosition(), attempt: this.#attempt });
  }

  #message(message: TabMessage): void {
    if (this.#mode === 'leader') {
      if (message.kind === 'handshake') this.#relay?.handshake(message.from, message.position, message.attempt);
      else if (message.kind === 'request') this.#relay?.request(message.from, message.frame);
      return;
    }
    if (this.#mode !== 'follower') return;
    switch (message.kind) {
      case 'leader':
        this.#setState('connecting', null);
        this.#handshake();
        return;
      case 'link':
        if (message.up && !this.#ready) this.#handshake();
        else if (!message.up) {
          this.#ready = false;
          this.#setState(message.state === 'denied' ? 'denied' : 'connecting', null);
        }
        return;
      case 'to':
        if (message.to === this.#id) this.#deliver(message.frame, message.attempt);
        return;
      case 'all':
        if (this.#ready) this.#session.handlers.frame(message.frame);
        return;
      case 'denied':
        this.#ready = false;
        this.#setState('denied', message.info);
        this.#session.handlers.error(message.info);
        this.#session.handlers.denied(message.error);
        return;
      default:
        return;
    }
  }

  #deliver(frame: IncomingFrame, attempt: number | undefined): void {
    if (frame.type === 'welcome') {
      if (attempt !== this.#attempt) return;
      this.#ready = true;
      this.#session.handlers.welcome(frame.welcome);
      this.#setState('connected', null);
      return;
    }
    if (frame.type === 'events' && attempt !== undefined && (attempt !== this.#attempt || !this.#ready)) return;
    this.#session.handlers.frame(frame);
  }

  #setState(state: ConnectionState, error: ConnectionErrorInfo | null): void {
    if (this.#state === state && error === null) return;
    this.#state = state;
    this.#session.handlers.state(state, error);
  }

  #deniedInfo(error: WireError): ConnectionErrorInfo {
    return { terminal: true, message: error.message, httpStatusCode: error.status, errorCode: error.code };
  }

  #post(message: TabMessage): void {
    this.#channel?.postMessage(message);
  }
}

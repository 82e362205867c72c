import ReconnectingWebSocket from 'reconnecting-websocket';
import type { SchedulerLike, Subscription } from 'rxjs';
import { CloseCode, ErrorCode, PROTOCOL_VERSION, type WireError } from '../../protocol';
import type { ConnectionErrorInfo, ConnectionState } from './connection-state';
import type { ConnectionHandlers } from './connection-like';
import type { ResolvedOptions } from '../options';
import type { Logger } from '../util/logger';
import { decodeServerFrame, FrameError, type IncomingFrame } from './decode-frame';
import { DefaultWebSocket } from './websocket-impl';
import { after, every } from '../util/scheduler';

export type { ConnectionHandlers };

/**
 * One logical connection to the service over reconnecting-websocket: handshake with resume
 * position, heartbeats that detect a dead link, backoff with jitter, failover across URLs, and
 * decoding of every server frame. It knows nothing of commands or state.
 */
export class Connection {
  #socket: ReconnectingWebSocket | null = null;
  #state: ConnectionState = 'unknown';
  #token: string;
  #welcomed = false;
  #attempt = 0;
  #lastHeard = 0;
  #heartbeat: Subscription | null = null;
  /** The backoff wait under way, cancelled by `close`. */
  #waiting: Subscription | null = null;
  #closed = false;
  #pendingError: ConnectionErrorInfo | null = null;
  /** After the server closed the connection for too many requests, no new attempt before this time. */
  #backOffUntil = 0;

  constructor(
    token: string,
    private readonly options: ResolvedOptions,
    private readonly scheduler: SchedulerLike,
    private readonly resumePosition: () => number | null,
    private readonly handlers: ConnectionHandlers,
    private readonly log: Logger
  ) {
    this.#token = token;
  }

  /** The current public state. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** Whether the handshake succeeded and frames may be sent. */
  get isReady(): boolean {
    return this.#welcomed;
  }

  /** Opens the connection (and keeps it open until `close`). */
  open(): void {
    if (this.#socket || this.#closed) return;
    const WebSocketClass = this.options.WebSocket ?? DefaultWebSocket;
    if (!WebSocketClass) {
      this.fail({ terminal: true, message: 'No WebSocket implementation: pass options.WebSocket' });
      return;
    }
    if (this.options.urls.length === 0) {
      this.fail({ terminal: true, message: 'No service URL: pass options.url or use a token that carries one' });
      return;
    }
    const socket = new ReconnectingWebSocket(() => this.nextUrl(), undefined, {
      WebSocket: WebSocketClass,
      // the backoff is ours (nextUrl), on the client's scheduler
      minReconnectionDelay: 0,
      maxReconnectionDelay: 0,
      connectionTimeout: this.options.connectTimeoutMs,
      maxEnqueuedMessages: 0,
      minUptime: 2000
    });
    socket.onopen = () => this.onOpen();
    socket.onmessage = (event) => this.onMessage(event.data);
    socket.onclose = (event) => this.onClose(event.code, event.reason);
    socket.onerror = () => {};
    this.#socket = socket;
    this.#heartbeat = every(this.scheduler, Math.max(250, Math.min(this.options.heartbeatIntervalMs, 5000)), () =>
      this.checkHeartbeat()
    );
    const online = (globalThis as { addEventListener?: (name: string, fn: () => void) => void }).addEventListener;
    if (typeof online === 'function' && typeof (globalThis as { document?: unknown }).document !== 'undefined') {
      online.call(globalThis, 'online', this.#onOnline);
    }
  }

  /** Sends a frame if the handshake is done; answers whether it went out. */
  send(frame: object): boolean {
    if (!this.#welcomed || !this.#socket) return false;
    this.#socket.send(JSON.stringify(frame));
    return true;
  }

  /** Uses a new token: for the next handshake, and at once if the server had denied the old one. */
  setToken(token: string): void {
    this.#token = token;
    if (this.#state === 'denied' && !this.#closed) {
      this.#attempt = 0;
      this.setState('connecting', null);
      this.#socket?.reconnect();
    }
  }

  /** Drops the current socket and connects again (used when the link looks dead). */
  reconnect(): void {
    if (this.#closed) return;
    this.#welcomed = false;
    this.#socket?.reconnect(CloseCode.GoingAway, 'reconnect');
  }

  /** Closes for good. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#welcomed = false;
    this.#heartbeat?.unsubscribe();
    this.#waiting?.unsubscribe();
    const remove = (globalThis as { removeEventListener?: (name: string, fn: () => void) => void }).removeEventListener;
    if (typeof remove === 'function') remove.call(globalThis, 'online', this.#onOnline);
    if (this.#state !== 'disconnected') this.setState('disconnecting', null);
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000, 'shutdown');
    }
    this.setState('disconnected', null);
  }

  #onOnline = () => {
    if (!this.#welcomed && this.#state !== 'denied') this.#socket?.reconnect();
  };

  private async nextUrl(): Promise<string> {
    const attempt = this.#attempt++;
    const urls = this.options.urls;
    const backOff = this.#backOffUntil - this.scheduler.now();
    if (backOff > 0) await this.wait(backOff);
    if (attempt > 0) {
      // backoff: the first delay, growing 1.6× an attempt up to the largest, plus jitter
      const { minDelayMs, maxDelayMs, jitter } = this.options.reconnect;
      const delay = Math.min(maxDelayMs, minDelayMs * 1.6 ** (attempt - 1)) + Math.random() * jitter * minDelayMs;
      if (delay > 0) await this.wait(delay);
    }
    if (!this.#closed && this.#state !== 'denied') this.setState('connecting', null);
    return urls[attempt % urls.length];
  }

  /** Waits on the client's scheduler (so a test's virtual time drives the backoff too). */
  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting = after(this.scheduler, ms, () => {
        this.#waiting = null;
        resolve();
      });
    });
  }

  private onOpen(): void {
    this.#lastHeard = this.scheduler.now();
    const position = this.resumePosition();
    const handshake = {
      type: 'handshake',
      protocol: PROTOCOL_VERSION,
      token: this.#token,
      resume: position === null ? null : { position }
    };
    this.#socket?.send(JSON.stringify(handshake));
  }

  private onMessage(data: unknown): void {
    this.#lastHeard = this.scheduler.now();
    let frame: IncomingFrame;
    try {
      frame = decodeServerFrame(data);
    } catch (error) {
      const message = error instanceof FrameError ? error.message : String(error);
      this.log.warn('dropped a malformed server frame:', message);
      this.handlers.error({
        terminal: false,
        message: `Malformed frame from the server: ${message}`,
        errorCode: ErrorCode.BadRequest
      });
      return;
    }
    switch (frame.type) {
      case 'welcome':
        this.#welcomed = true;
        this.#attempt = 0;
        this.handlers.welcome(frame.welcome);
        this.setState('connected', null);
        return;
      case 'denied':
        this.deny(frame.error);
        return;
      case 'close':
        this.#pendingError = {
          terminal: false,
          message: frame.error.message,
          httpStatusCode: frame.error.status,
          errorCode: frame.error.code
        };
        if (frame.error.code === ErrorCode.TokenExpired || frame.error.code === ErrorCode.TokenInvalid)
          this.deny(frame.error);
        return;
      case 'ping':
        this.#socket?.send(JSON.stringify({ type: 'pong' }));
        return;
      case 'pong':
        return;
      default:
        this.handlers.frame(frame);
    }
  }

  private deny(error: WireError): void {
    this.#welcomed = false;
    const info: ConnectionErrorInfo = {
      terminal: true,
      message: error.message,
      httpStatusCode: error.status,
      errorCode: error.code
    };
    this.setState('denied', info);
    this.handlers.error(info);
    this.handlers.denied(error);
    // stop reconnecting until a new token arrives; keep the wrapper so setToken can reconnect
    this.#socket?.close(1000, 'denied');
  }

  private onClose(code: number, reason: string): void {
    const wasWelcomed = this.#welcomed;
    this.#welcomed = false;
    if (code === CloseCode.RateLimited) {
      // the server closed us for sending too much for too long: wait the longest backoff before coming back
      const { maxDelayMs, jitter } = this.options.reconnect;
      this.#backOffUntil = this.scheduler.now() + maxDelayMs * (1 - jitter * Math.random());
    }
    if (this.#closed || this.#state === 'denied') return;
    const info: ConnectionErrorInfo = this.#pendingError ?? {
      terminal: false,
      message: `Connection lost (${code}${reason ? ` ${reason}` : ''})`,
      httpStatusCode: null,
      errorCode: null
    };
    this.#pendingError = null;
    if (wasWelcomed || this.#state === 'connecting') {
      this.handlers.error(info);
      // it tries again at once (after its backoff): `connecting`, as the reference reports it;
      // `disconnected` is only for a connection that stopped (closed, denied or out of URLs)
      this.setState('connecting', info);
    }
  }

  private checkHeartbeat(): void {
    if (!this.#welcomed || !this.#socket) return;
    const silent = this.scheduler.now() - this.#lastHeard;
    if (silent > this.options.heartbeatTimeoutMs) {
      this.log.info(`no frame for ${silent} ms: reconnecting`);
      this.reconnect();
      return;
    }
    if (silent >= this.options.heartbeatIntervalMs) this.#socket.send(JSON.stringify({ type: 'ping' }));
  }

  private fail(error: ConnectionErrorInfo): void {
    this.handlers.error(error);
    this.setState('disconnected', error);
  }

  /** A new state, or the same one with why an attempt failed (the store keeps the last reason). */
  private setState(state: ConnectionState, error: ConnectionErrorInfo | null): void {
    if (this.#state === state && error === null) return;
    this.#state = state;
    this.handlers.state(state, error);
  }
}

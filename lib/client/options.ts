import type { LogLevel } from './util/logger';

/** A WebSocket constructor: the browser's, or the `ws` package's in Node. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocket;

/**
 * Options of a `Client`. All are optional; defaults follow the reference SDK where it has one.
 */
export interface ClientOptions {
  /**
   * The service's WebSocket URL, or several for failover (tried in turn on reconnect).
   * Default: the URL carried in the token.
   */
  url?: string | string[];
  /** Default `'silent'`. */
  logLevel?: LogLevel;
  /** How long a command may wait for its reply, offline time included. Default 30000 ms. */
  requestTimeoutMs?: number;
  /** A heartbeat is sent this often; default 10000 ms. */
  heartbeatIntervalMs?: number;
  /** With no frame from the server for this long, the link is taken as dead. Default 25000 ms. */
  heartbeatTimeoutMs?: number;
  /** How long to wait for a socket to open. Default 10000 ms. */
  connectTimeoutMs?: number;
  /** Reconnect backoff: first delay, largest delay and random jitter (0..1). Defaults 1000, 30000, 0.2. */
  reconnect?: { minDelayMs?: number; maxDelayMs?: number; jitter?: number };
  /** `tokenAboutToExpire` fires this long before the token's expiry. Default 180 s. */
  tokenAboutToExpireMs?: number;
  /** Overrides the typing throttle (ms); receivers end typing at this plus 1 s. Default 5000. */
  typingIndicatorTimeoutOverride?: number;
  /** Most messages held per conversation; older ones are evicted and paged back in on demand. Default 1000. */
  messageCacheSize?: number;
  /** Most users held subscribed besides the current user; the oldest is unsubscribed first. Default 100. */
  userInfosToSubscribeOverride?: number;
  /** The WebSocket class to use. Default: the global one in browsers, the `ws` package in Node. */
  WebSocket?: WebSocketConstructor;
  /**
   * Received messages are acknowledged (delivery receipts) at most this often per conversation,
   * coalesced to the newest index. Default 1000 ms.
   */
  deliveryAckIntervalMs?: number;
  /** Accepted for compatibility with the reference SDK; ignored. */
  [compat: string]: unknown;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  urls: string[];
  logLevel: LogLevel;
  requestTimeoutMs: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  connectTimeoutMs: number;
  reconnect: { minDelayMs: number; maxDelayMs: number; jitter: number };
  tokenAboutToExpireMs: number;
  typingTimeoutMs: number;
  messageCacheSize: number;
  userInfosToSubscribe: number;
  WebSocket: WebSocketConstructor | undefined;
  deliveryAckIntervalMs: number;
}

const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'silent'];

/** Fills in defaults; `tokenUrls` are used when `url` is absent. */
export function resolveOptions(options: ClientOptions | null | undefined, tokenUrls: string[]): ResolvedOptions {
  const o = options ?? {};
  const urls = o.url === undefined ? tokenUrls : Array.isArray(o.url) ? o.url : [o.url];
  const number = (value: unknown, fallback: number) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
  return {
    urls,
    logLevel: LOG_LEVELS.includes(o.logLevel as LogLevel) ? (o.logLevel as LogLevel) : 'silent',
    requestTimeoutMs: number(o.requestTimeoutMs, 30000),
    heartbeatIntervalMs: number(o.heartbeatIntervalMs, 10000),
    heartbeatTimeoutMs: number(o.heartbeatTimeoutMs, 25000),
    connectTimeoutMs: number(o.connectTimeoutMs, 10000),
    reconnect: {
      minDelayMs: number(o.reconnect?.minDelayMs, 1000),
      maxDelayMs: number(o.reconnect?.maxDelayMs, 30000),
      jitter: Math.min(1, number(o.reconnect?.jitter, 0.2))
    },
    tokenAboutToExpireMs: number(o.tokenAboutToExpireMs, 180000),
    typingTimeoutMs: number(o.typingIndicatorTimeoutOverride, 5000),
    messageCacheSize: Math.max(1, number(o.messageCacheSize, 1000)),
    userInfosToSubscribe: Math.max(1, number(o.userInfosToSubscribeOverride, 100)),
    WebSocket: typeof o.WebSocket === 'function' ? o.WebSocket : undefined,
    deliveryAckIntervalMs: number(o.deliveryAckIntervalMs, 1000)
  };
}

import type { SchedulerLike } from 'rxjs';
import { ErrorCode } from '../protocol';
import { ConversationsError, badArgument } from './errors';
import type { LogLevel } from './util/logger';
import type { ClientCache } from './session/cache-port';

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
  /**
   * Where the client's events are delivered and its timers (heartbeats, reconnect backoff, typing,
   * token expiry, acknowledgements, request timeouts) run, and its clock. Default: events in the
   * next macrotask, timers on setTimeout, both in the zone.js zone (if any) the client was made in.
   * Tests pass a virtual-time scheduler.
   */
  scheduler?: SchedulerLike;
  /**
   * A persistent cache (`indexedDbCache()` from `rx-conversations/cache`): the client starts from
   * what it kept, resumes from there, keeps unanswered sends across reloads, and may share one
   * connection between tabs. Default: none (memory only).
   */
  cache?: ClientCache;
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
  scheduler: SchedulerLike | undefined;
  cache: ClientCache | undefined;
}

const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'silent'];

const isWebSocketUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'ws:' || protocol === 'wss:';
  } catch {
    return false;
  }
};

/** A number option: its value, the default when absent, a `BadRequest` when it is not a number of at least `min`. */
function numberOption(name: string, value: unknown, fallback: number, min = 0, max = Infinity): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = max === Infinity ? `a number of at least ${min}` : `a number from ${min} to ${max}`;
    throw badArgument('Client', `options.${name}`, range, value);
  }
  return value;
}

/**
 * Fills in defaults; `tokenUrls` are used when `url` is absent. A known option of the wrong type
 * is a `BadRequest` naming it (unknown options are accepted, for the reference SDK's sake); a
 * token that names something other than a ws:// or wss:// URL is `TokenInvalid`.
 */
export function resolveOptions(options: ClientOptions | null | undefined, tokenUrls: string[]): ResolvedOptions {
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    throw badArgument('Client', 'options', 'an object', options);
  }
  const o = options ?? {};
  let urls: string[];
  if (o.url === undefined) {
    if (!tokenUrls.every(isWebSocketUrl))
      throw new ConversationsError(
        ErrorCode.TokenInvalid,
        'The access token names a service URL that is not ws:// or wss://'
      );
    urls = tokenUrls;
  } else {
    urls = Array.isArray(o.url) ? o.url : [o.url];
    if (urls.length === 0 || !urls.every(isWebSocketUrl))
      throw badArgument('Client', 'options.url', 'a ws:// or wss:// URL, or a list of them', o.url);
  }
  if (o.logLevel !== undefined && !LOG_LEVELS.includes(o.logLevel)) {
    throw badArgument('Client', 'options.logLevel', LOG_LEVELS.map((level) => `'${level}'`).join(', '), o.logLevel);
  }
  const reconnect: unknown = o.reconnect;
  if (reconnect !== undefined && (typeof reconnect !== 'object' || reconnect === null || Array.isArray(reconnect))) {
    throw badArgument('Client', 'options.reconnect', 'an object', reconnect);
  }
  const scheduler: unknown = o.scheduler;
  if (
    scheduler !== undefined &&
    (typeof scheduler !== 'object' ||
      scheduler === null ||
      typeof (scheduler as SchedulerLike).schedule !== 'function' ||
      typeof (scheduler as SchedulerLike).now !== 'function')
  ) {
    throw badArgument('Client', 'options.scheduler', 'an RxJS scheduler (now and schedule)', scheduler);
  }
  const cache: unknown = o.cache;
  if (
    cache !== undefined &&
    (typeof cache !== 'object' || cache === null || typeof (cache as ClientCache).attach !== 'function')
  )
    throw badArgument('Client', 'options.cache', 'a cache (indexedDbCache() from rx-conversations/cache)', cache);
  if (o.WebSocket !== undefined && typeof o.WebSocket !== 'function')
    throw badArgument('Client', 'options.WebSocket', 'a WebSocket class', o.WebSocket);
  return {
    urls,
    logLevel: o.logLevel ?? 'silent',
    requestTimeoutMs: numberOption('requestTimeoutMs', o.requestTimeoutMs, 30000),
    heartbeatIntervalMs: numberOption('heartbeatIntervalMs', o.heartbeatIntervalMs, 10000),
    heartbeatTimeoutMs: numberOption('heartbeatTimeoutMs', o.heartbeatTimeoutMs, 25000),
    connectTimeoutMs: numberOption('connectTimeoutMs', o.connectTimeoutMs, 10000),
    reconnect: {
      minDelayMs: numberOption('reconnect.minDelayMs', o.reconnect?.minDelayMs, 1000),
      maxDelayMs: numberOption('reconnect.maxDelayMs', o.reconnect?.maxDelayMs, 30000),
      jitter: numberOption('reconnect.jitter', o.reconnect?.jitter, 0.2, 0, 1)
    },
    tokenAboutToExpireMs: numberOption('tokenAboutToExpireMs', o.tokenAboutToExpireMs, 180000),
    typingTimeoutMs: numberOption('typingIndicatorTimeoutOverride', o.typingIndicatorTimeoutOverride, 5000),
    messageCacheSize: Math.floor(numberOption('messageCacheSize', o.messageCacheSize, 1000, 1)),
    userInfosToSubscribe: Math.floor(
      numberOption('userInfosToSubscribeOverride', o.userInfosToSubscribeOverride, 100, 1)
    ),
    WebSocket: o.WebSocket,
    deliveryAckIntervalMs: numberOption('deliveryAckIntervalMs', o.deliveryAckIntervalMs, 1000),
    scheduler: scheduler as SchedulerLike | undefined,
    cache: cache as ClientCache | undefined
  };
}

import { DEFAULT_TOKEN_AUDIENCE } from '../protocol';
import type { MediaStore } from './media/media-store';
import type { PushGateway } from './push/push-gateway';

/**
 * Options of {@link startServer}. Every option is optional; the defaults are listed on each
 * field and in `DEFAULTS`. Limits are explicit, in the manner of `ws`'s `maxPayload`.
 */
export interface ServerOptions {
  /** TCP port; `0` picks a free one. Default `0`. */
  port?: number;
  /** Interface to listen on. Default `'127.0.0.1'`. */
  host?: string;
  /**
   * Where the state lives: an SQLite file path, `':memory:'`, or a PostgreSQL URL
   * (`postgres://user:password@host:5432/database`: the server creates and migrates its tables).
   * Default `':memory:'`.
   */
  database?: string;
  /**
   * PostgreSQL: connections of the pool writes and reads share, at most (plus one for numbering
   * events). Default 10.
   */
  databasePoolSize?: number;
  /**
   * How events reach the sessions: `'local'` (this process only), or a NATS URL with JetStream
   * (`nats://host:4222`, several separated by commas) shared by every server process of the
   * service, with a PostgreSQL `database` (see docs/scaling.md). Default `'local'`.
   */
  bus?: string;
  /** NATS: the subject prefix and stream name (`<prefix>-events`) of this service; one per service. Default `'rxc'`. */
  busPrefix?: string;
  /**
   * NATS: how often each process sends who is online on it; a process silent for three intervals is taken for dead.
   * Default 5000 ms.
   */
  presenceIntervalMs?: number;
  /** HS256 signing secret for access tokens. Default: random, for this server's lifetime only. */
  secret?: string | Uint8Array;
  /** The WebSocket URL that tokens carry (for servers behind a proxy). Default: the server's own `url`. */
  publicUrl?: string;
  /** Base URL of the HTTP endpoints announced to clients. Default: the server's own `httpUrl`. */
  publicHttpUrl?: string;
  /** Track who is online and tell subscribers. Default `true`. */
  reachabilityEnabled?: boolean;
  /** Enables `POST /v1/admin/tokens`, guarded by `Authorization: Bearer <adminKey>`. Default: disabled. */
  adminKey?: string;
  /** Interval of WebSocket-level pings; a peer that missed one is dropped. Default 30 000 ms. */
  heartbeatIntervalMs?: number;
  /** Time a new connection has to send its handshake. Default 10 000 ms. */
  handshakeTimeoutMs?: number;
  /** A socket with more unsent bytes than this is closed as a slow consumer (4008). Default 8 MiB. */
  maxBufferedBytes?: number;
  /** Consecutive bad frames after which a connection is closed (1002). Default 20. */
  maxBadFrames?: number;
  /** Requests of one session waiting to run; more are refused with `RateLimited`. Default 256. */
  maxPendingRequests?: number;
  /**
   * Frames a second one connection may send, sustained (requests, pings and any other frame);
   * one over the limit is refused (`RateLimited` for a request) and the connection is not read
   * for at least 250 ms. 0 turns the limit off. Default 300.
   */
  framesPerSecond?: number;
  /** Frames one connection may send at once above `framesPerSecond`. Default 1000. */
  frameBurst?: number;
  /** Requests a second one identity may send over all its connections to this process. 0 turns it off. Default 600. */
  identityRequestsPerSecond?: number;
  /** Requests one identity may send at once above `identityRequestsPerSecond`. Default 2000. */
  identityRequestBurst?: number;
  /**
   * REST requests a second one API key may make (the admin key is one key); past it the API answers
   * 429 `RateLimited` with `Retry-After`. 0 turns it off. Default 600.
   */
  apiKeyRequestsPerSecond?: number;
  /** REST requests one API key may make at once above `apiKeyRequestsPerSecond`. Default 2000. */
  apiKeyRequestBurst?: number;
  /**
   * A connection kept over its limit this long (refused at least once a second) is closed (4029). Default 10 000 ms.
   */
  rateLimitGraceMs?: number;
  /** Most events replayed on resume; a client further behind is told to `resync`. Default 100 000. */
  replayLimit?: number;
  /** Events older than this are pruned; a client that missed pruned events must `resync`. Default 7 days. */
  eventRetentionMs?: number;
  /** How often old events are pruned. Default 1 hour. */
  pruneIntervalMs?: number;
  /** Lifetime of tokens from `issueToken` when none is asked for. Default 3600 s. */
  defaultTokenTtlSeconds?: number;
  /**
   * Longest lifetime `issueToken` and the admin endpoint grant, and that a token may have (`exp − iat`). Default 86 400
   * s (24 h).
   */
  maxTokenTtlSeconds?: number;
  /**
   * The audience (`aud` claim) of this service's tokens: issued with it, refused without it. Give
   * each service its own when several could share a secret. Default `'rx-conversations'`.
   */
  tokenAudience?: string;
  /** SQLite `synchronous`: `full` survives power loss, `normal` survives a process crash. Default `full`. */
  durability?: 'full' | 'normal';
  /** Where the server reports. Default: errors and warnings to the console. */
  logger?: Logger;
  /** Largest media upload, in bytes; larger ones get 413 (`TooLarge`). Default 16 MiB. */
  maxMediaBytes?: number;
  /**
   * Media types an upload may have: exact (`application/pdf`), a family (`image/*`) or `*\/*`;
   * others get 415 (`UnsupportedMediaType`). Default {@link DEFAULT_MEDIA_CONTENT_TYPES}.
   */
  mediaContentTypes?: readonly string[];
  /** Directory of media files. Default: `<database>-media` beside the database; a temporary one for `:memory:`. */
  mediaDirectory?: string;
  /** Where media bytes live, instead of the files directory (object storage). */
  mediaStore?: MediaStore;
  /** Lifetime of the temporary media URLs `getMediaUrls` answers. Default 300 s (5 minutes). */
  mediaUrlTtlSeconds?: number;
  /** Uploads not attached to a message within this time are deleted. Default 24 h. */
  unattachedMediaTtlMs?: number;
  /** The built-in push gateway POSTs each notification (JSON `PushDelivery`) to this URL. Default: none (no pushes). */
  pushGatewayUrl?: string;
  /** A push gateway of your own (wins over `pushGatewayUrl`). */
  pushGateway?: PushGateway;
  /** Delivery acknowledgements are announced at most once per conversation per this interval. Default 1000 ms. */
  deliveryReceiptIntervalMs?: number;
  /** How long a post-event webhook's receiver has to answer a call (2xx: delivered). Default 10 000 ms. */
  webhookTimeoutMs?: number;
  /** The delay before a failed webhook call's first retry; it doubles each time (with jitter). Default 1000 ms. */
  webhookRetryBaseMs?: number;
  /** The longest delay between retries of a webhook call. Default 300 000 ms (5 minutes). */
  webhookRetryMaxDelayMs?: number;
  /** A webhook call still failing this long after its event is dropped (and logged). Default 24 h. */
  webhookRetryForMs?: number;
  /**
   * How often the webhook outbox is looked at when no write woke it (calls of other processes, retries). Default 1000
   * ms.
   */
  webhookPollIntervalMs?: number;
  /**
   * How long a process holds the webhook calls it took before another may take them (a process that died). Default 60
   * 000 ms.
   */
  webhookLeaseMs?: number;
  /**
   * How often the webhook settings (the pre-event webhook, the signing secret) are read again, for changes made through
   * another process. Default 1000 ms.
   */
  webhookSettingsRefreshMs?: number;
}

/** The media types uploads may have by default: images, audio, video, PDF and plain text. */
export const DEFAULT_MEDIA_CONTENT_TYPES: readonly string[] = Object.freeze([
  'image/*',
  'audio/*',
  'video/*',
  'application/pdf',
  'text/plain'
]);

/** Where the server reports what happens. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

type Unset =
  | 'secret'
  | 'publicUrl'
  | 'publicHttpUrl'
  | 'adminKey'
  | 'mediaDirectory'
  | 'mediaStore'
  | 'pushGatewayUrl'
  | 'pushGateway';
/** The options with every default filled in. */
export type ResolvedOptions = Required<Omit<ServerOptions, Unset>> &
  Pick<ServerOptions, Exclude<Unset, 'secret'>> & { secret: Uint8Array };

/** The defaults of {@link ServerOptions}. */
export const DEFAULTS = {
  port: 0,
  host: '127.0.0.1',
  database: ':memory:',
  databasePoolSize: 10,
  bus: 'local',
  busPrefix: 'rxc',
  presenceIntervalMs: 5000,
  reachabilityEnabled: true,
  heartbeatIntervalMs: 30_000,
  handshakeTimeoutMs: 10_000,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxBadFrames: 20,
  maxPendingRequests: 256,
  framesPerSecond: 300,
  frameBurst: 1000,
  identityRequestsPerSecond: 600,
  identityRequestBurst: 2000,
  apiKeyRequestsPerSecond: 600,
  apiKeyRequestBurst: 2000,
  rateLimitGraceMs: 10_000,
  replayLimit: 100_000,
  eventRetentionMs: 7 * 24 * 3600 * 1000,
  pruneIntervalMs: 3600 * 1000,
  defaultTokenTtlSeconds: 3600,
  maxTokenTtlSeconds: 86_400,
  tokenAudience: DEFAULT_TOKEN_AUDIENCE,
  durability: 'full',
  maxMediaBytes: 16 * 1024 * 1024,
  mediaContentTypes: DEFAULT_MEDIA_CONTENT_TYPES,
  mediaUrlTtlSeconds: 300,
  unattachedMediaTtlMs: 24 * 3600 * 1000,
  deliveryReceiptIntervalMs: 1000,
  webhookTimeoutMs: 10_000,
  webhookRetryBaseMs: 1000,
  webhookRetryMaxDelayMs: 300_000,
  webhookRetryForMs: 24 * 3600 * 1000,
  webhookPollIntervalMs: 1000,
  webhookLeaseMs: 60_000,
  webhookSettingsRefreshMs: 1000
} as const;

/** A logger that writes warnings and errors to the console. */
export const consoleLogger: Logger = {
  info: () => undefined,
  warn: (message) => console.warn(`[rx-conversations] ${message}`),
  error: (message, error) => console.error(`[rx-conversations] ${message}`, error ?? '')
};

/** Fills in the defaults and turns the secret into bytes. */
export function resolveOptions(options: ServerOptions, randomSecret: () => Uint8Array): ResolvedOptions {
  const secret =
    options.secret === undefined
      ? randomSecret()
      : typeof options.secret === 'string'
        ? new TextEncoder().encode(options.secret)
        : options.secret;
  if (secret.length < 16) throw new Error('secret must be at least 16 bytes');
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { ...DEFAULTS, logger: consoleLogger, ...defined, secret };
}

import { parseArgs } from 'node:util';

/** Default SQLite file of the command line server. */
export const DEFAULT_DATABASE = './.data/rx-conversations.db';
/** Default port of the command line server (and of the demo's page). */
export const DEFAULT_PORT = 8080;
/** Default SQLite file of `rx-conversations demo`. */
export const DEFAULT_DEMO_DATABASE = './.data/demo.db';

/** The command line, parsed: flags win over environment variables. */
export interface CliConfig {
  command: 'serve' | 'token' | 'demo' | 'keys' | 'help';
  /** `keys`: create, list or revoke. */
  keysAction: 'create' | 'list' | 'revoke' | undefined;
  /** `keys create`: the key's name. */
  keyName: string | undefined;
  /** `keys create`: its scopes (read, write, admin). */
  keyScopes: string[];
  /** `keys revoke`: the key's sid. */
  keySid: string | undefined;
  port: number;
  host: string;
  database: string;
  secret: string | undefined;
  publicUrl: string | undefined;
  adminKey: string | undefined;
  reachabilityEnabled: boolean;
  identity: string | undefined;
  ttlSeconds: number;
  /**
   * The audience (`aud`) of the service's tokens (undefined: the server's default, or the one kept beside the
   * database).
   */
  tokenAudience: string | undefined;
  /** URL the built-in push gateway POSTs notifications to. */
  pushUrl: string | undefined;
  /** Directory of media files (default: `<database>-media`). */
  mediaDir: string | undefined;
  /** Largest media upload in bytes (undefined: the server's default). */
  maxMediaBytes: number | undefined;
  /** `demo`: port of its Conversations server (default: the page's port + 1). */
  serverPort: number;
  /** `local`, or a NATS URL: the bus shared by the processes of a cluster. */
  bus: string | undefined;
  /** The cluster's subject prefix and stream name on NATS. */
  busPrefix: string | undefined;
  /** Frames a second one connection may send (0: no limit; undefined: the server's default). */
  framesPerSecond: number | undefined;
  /** Requests a second one identity may send (0: no limit; undefined: the server's default). */
  identityRequestsPerSecond: number | undefined;
  /** REST requests a second one API key may make (0: no limit; undefined: the server's default). */
  apiKeyRequestsPerSecond: number | undefined;
  /** Connections to a PostgreSQL database (undefined: the server's default). */
  databasePoolSize: number | undefined;
  /** How often this process renews the presence it holds on the cluster's bus (undefined: the default). */
  presenceIntervalMs: number | undefined;
  /** How long a webhook call taken by this process is held from the others (undefined: the default). */
  webhookLeaseMs: number | undefined;
  /** How long a webhook receiver has to answer (undefined: the default). */
  webhookTimeoutMs: number | undefined;
  /** The delay before a failed webhook call's first retry (undefined: the default). */
  webhookRetryBaseMs: number | undefined;
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got '${value}'`);
  return n;
}

function optionalInteger(value: string | undefined, name: string): number | undefined {
  return value === undefined || value === '' ? undefined : integer(value, name, 0);
}

/** Parses arguments (without `node` and the script) and the environment. Throws on bad input. */
export function parseConfig(argv: string[], env: NodeJS.ProcessEnv): CliConfig {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      port: { type: 'string' },
      host: { type: 'string' },
      database: { type: 'string' },
      secret: { type: 'string' },
      'public-url': { type: 'string' },
      url: { type: 'string' },
      'admin-key': { type: 'string' },
      'no-reachability': { type: 'boolean' },
      identity: { type: 'string' },
      'token-audience': { type: 'string' },
      'push-url': { type: 'string' },
      'media-dir': { type: 'string' },
      'max-media-bytes': { type: 'string' },
      ttl: { type: 'string' },
      'server-port': { type: 'string' },
      bus: { type: 'string' },
      'bus-prefix': { type: 'string' },
      'frames-per-second': { type: 'string' },
      'identity-requests-per-second': { type: 'string' },
      'api-key-requests-per-second': { type: 'string' },
      'database-pool-size': { type: 'string' },
      'presence-interval-ms': { type: 'string' },
      'webhook-lease-ms': { type: 'string' },
      'webhook-timeout-ms': { type: 'string' },
      'webhook-retry-base-ms': { type: 'string' },
      name: { type: 'string' },
      scopes: { type: 'string' },
      sid: { type: 'string' }
    }
  });
  const name = positionals[0];
  const maxPositionals = name === 'keys' ? 2 : 1;
  if (positionals.length > maxPositionals) throw new Error(`unexpected argument '${positionals[maxPositionals]}'`);
  if (
    name !== undefined &&
    name !== 'serve' &&
    name !== 'token' &&
    name !== 'demo' &&
    name !== 'keys' &&
    name !== 'help'
  ) {
    throw new Error(`unknown command '${name}'`);
  }
  const action = positionals[1];
  if (name === 'keys' && action !== 'create' && action !== 'list' && action !== 'revoke') {
    throw new Error(`keys needs create, list or revoke${action === undefined ? '' : `, not '${action}'`}`);
  }
  const command = values.help || name === undefined ? 'help' : name;
  const port = integer(values.port ?? env.RXC_PORT ?? env.PORT, 'port', DEFAULT_PORT);
  return {
    command,
    keysAction: name === 'keys' ? (action as 'create' | 'list' | 'revoke') : undefined,
    keyName: values.name,
    keyScopes: (values.scopes ?? '')
      .split(',')
      .map((scope) => scope.trim())
      .filter((scope) => scope !== ''),
    keySid: values.sid,
    port,
    host: values.host ?? env.RXC_HOST ?? '127.0.0.1',
    database: values.database ?? env.RXC_DATABASE ?? (command === 'demo' ? DEFAULT_DEMO_DATABASE : DEFAULT_DATABASE),
    secret: values.secret ?? env.RXC_SECRET,
    publicUrl: values['public-url'] ?? values.url ?? env.RXC_PUBLIC_URL,
    adminKey: values['admin-key'] ?? env.RXC_ADMIN_KEY,
    reachabilityEnabled: !(values['no-reachability'] || env.RXC_REACHABILITY === 'false'),
    identity: values.identity,
    pushUrl: values['push-url'] ?? env.RXC_PUSH_URL,
    mediaDir: values['media-dir'] ?? env.RXC_MEDIA_DIR,
    maxMediaBytes: optionalInteger(values['max-media-bytes'] ?? env.RXC_MAX_MEDIA_BYTES, 'max-media-bytes'),
    ttlSeconds: integer(values.ttl, 'ttl', 3600),
    tokenAudience: values['token-audience'] ?? env.RXC_TOKEN_AUDIENCE,
    serverPort: integer(values['server-port'], 'server-port', port === 0 ? 0 : port + 1),
    bus: values.bus ?? env.RXC_BUS,
    busPrefix: values['bus-prefix'] ?? env.RXC_BUS_PREFIX,
    framesPerSecond: optionalInteger(values['frames-per-second'] ?? env.RXC_FRAMES_PER_SECOND, 'frames-per-second'),
    identityRequestsPerSecond: optionalInteger(
      values['identity-requests-per-second'] ?? env.RXC_IDENTITY_REQUESTS_PER_SECOND,
      'identity-requests-per-second'
    ),
    apiKeyRequestsPerSecond: optionalInteger(
      values['api-key-requests-per-second'] ?? env.RXC_API_KEY_REQUESTS_PER_SECOND,
      'api-key-requests-per-second'
    ),
    databasePoolSize: optionalInteger(values['database-pool-size'] ?? env.RXC_DATABASE_POOL_SIZE, 'database-pool-size'),
    presenceIntervalMs: optionalInteger(
      values['presence-interval-ms'] ?? env.RXC_PRESENCE_INTERVAL_MS,
      'presence-interval-ms'
    ),
    webhookLeaseMs: optionalInteger(values['webhook-lease-ms'] ?? env.RXC_WEBHOOK_LEASE_MS, 'webhook-lease-ms'),
    webhookTimeoutMs: optionalInteger(values['webhook-timeout-ms'] ?? env.RXC_WEBHOOK_TIMEOUT_MS, 'webhook-timeout-ms'),
    webhookRetryBaseMs: optionalInteger(
      values['webhook-retry-base-ms'] ?? env.RXC_WEBHOOK_RETRY_BASE_MS,
      'webhook-retry-base-ms'
    )
  };
}

import { type Logger, startServer } from '../server';
import type { CliConfig } from './config';
import { isPostgresUrl } from '../server/engines';
import { loadOrCreateSecret } from './secret-file';
import { writeServerFacts } from './server-file';
import { DEFAULTS } from '../server/options';

const stamp = () => new Date().toISOString();

/** Logs to the console with a timestamp. */
const cliLogger: Logger = {
  info: (message) => console.log(`${stamp()} ${message}`),
  warn: (message) => console.warn(`${stamp()} warning: ${message}`),
  error: (message, error) => console.error(`${stamp()} error: ${message}`, error ?? '')
};

/** `rx-conversations serve`: runs until SIGTERM or SIGINT, then shuts down cleanly. */
export async function serve(config: CliConfig): Promise<number> {
  const memory = config.database === ':memory:';
  const postgres = isPostgresUrl(config.database);
  if (postgres && config.secret === undefined) {
    throw new Error(
      'with a postgres:// database, give --secret (RXC_SECRET): every server process of the service must share it'
    );
  }
  const secret = config.secret ?? (memory ? undefined : loadOrCreateSecret(config.database));
  const server = await startServer({
    port: config.port,
    host: config.host,
    database: config.database,
    secret,
    publicUrl: config.publicUrl,
    // behind a proxy or in a container, the HTTP endpoints are where the WebSocket is
    publicHttpUrl: config.publicUrl === undefined ? undefined : httpBaseOf(config.publicUrl),
    adminKey: config.adminKey,
    reachabilityEnabled: config.reachabilityEnabled,
    pushGatewayUrl: config.pushUrl,
    mediaDirectory: config.mediaDir,
    maxMediaBytes: config.maxMediaBytes,
    bus: config.bus,
    busPrefix: config.busPrefix,
    framesPerSecond: config.framesPerSecond,
    identityRequestsPerSecond: config.identityRequestsPerSecond,
    apiKeyRequestsPerSecond: config.apiKeyRequestsPerSecond,
    databasePoolSize: config.databasePoolSize,
    presenceIntervalMs: config.presenceIntervalMs,
    tokenAudience: config.tokenAudience,
    webhookLeaseMs: config.webhookLeaseMs,
    webhookTimeoutMs: config.webhookTimeoutMs,
    webhookRetryBaseMs: config.webhookRetryBaseMs,
    logger: cliLogger
  });
  // beside the secret: `token --database` makes tokens for this server, not for a default port
  if (!memory && !postgres) {
    writeServerFacts(config.database, {
      url: config.publicUrl ?? server.url,
      tokenAudience: config.tokenAudience ?? DEFAULTS.tokenAudience
    });
  }
  console.log(`rx-conversations listening on ${server.url}`);
  console.log(`HTTP endpoints at ${server.httpUrl} (health: ${server.httpUrl}/health)`);
  console.log(`database: ${postgres ? redactPassword(config.database) : config.database}`);
  if (config.bus !== undefined && config.bus !== 'local') console.log(`bus: ${redactPassword(config.bus)}`);
  console.log(`sample token (identity "demo", 1 hour): ${await server.issueToken('demo')}`);

  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        console.error(`${signal} again: exiting at once`);
        return resolve(1);
      }
      stopping = true;
      cliLogger.info(`${signal}: shutting down`);
      server.close().then(
        () => {
          cliLogger.info('stopped');
          resolve(0);
        },
        (error) => {
          cliLogger.error('shutdown failed', error);
          resolve(1);
        }
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
}

/** A URL without its password, for the log. */
function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** The HTTP base URL of the server whose WebSocket URL is `wsUrl` (`ws://host:port/v1/ws` → `http://host:port`). */
function httpBaseOf(wsUrl: string): string | undefined {
  try {
    const url = new URL(wsUrl);
    return `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`;
  } catch {
    return undefined;
  }
}

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from '../server';
import { EmbeddedServer } from './embedded-server';
import { Simulation } from './simulation';
import { startWebServer } from './web-server';

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** The built page script (dist/demo/page.js); its `.map` beside it is served when present. */
  pageScript: string;
  /** Port of the dashboard page. Default 8080; `0` picks a free one. */
  port?: number;
  /** Port of the Conversations server. Default `0`: a free one, kept across restarts. */
  serverPort?: number;
  /** Interface both listen on. Default `127.0.0.1`. */
  host?: string;
  /** SQLite file of the embedded server. Default `:memory:`. */
  database?: string;
  /** Token signing secret. Default: random, for this run only. */
  secret?: string;
  /** Multiplies the simulated people's delays (1 = a lively office). Default 1. */
  tempo?: number;
  /** Where the demo reports. */
  logger?: Logger;
}

/** A running demo. */
export interface RunningDemo {
  /** The dashboard's URL. */
  readonly url: string;
  /** The Conversations server's WebSocket URL (the same across restarts). */
  readonly serverUrl: string;
  /** Issues a token for `identity` (rejects while the server is down). */
  issueToken(identity: string): Promise<string>;
  /** Stops the Conversations server: every client sees the connection drop and keeps retrying. */
  stopServer(): Promise<void>;
  /** Starts it again on the same port with the same database file. */
  startServer(): Promise<void>;
  /** Stops everything. */
  close(): Promise<void>;
}

const quiet: Logger = { info() {}, warn() {}, error() {} };

function readScript(path: string): { code: string; map: string | null } {
  let code: string;
  try {
    code = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`the dashboard page is not built (${path} is missing): run npm run build`);
  }
  let map: string | null;
  try {
    map = readFileSync(`${path}.map`, 'utf8');
  } catch {
    map = null;
  }
  return { code, map };
}

/**
 * Starts the live dashboard: the embedded Conversations server, the simulated people, and the
 * page's HTTP server. The page's visitors get an identity of their own and join every room.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const logger = options.logger ?? quiet;
  const host = options.host ?? '127.0.0.1';
  const script = readScript(options.pageScript);
  const server = new EmbeddedServer({
    port: options.serverPort ?? 0,
    host,
    database: options.database ?? ':memory:',
    secret: options.secret ?? randomBytes(32).toString('hex'),
    logger
  });
  await server.start();
  const simulation = new Simulation({
    tokens: (identity) => server.issueToken(identity),
    tempo: options.tempo,
    onError: (message, error) => logger.warn(`${message}: ${error instanceof Error ? error.message : String(error)}`)
  });
  const welcomed = new Set<string>();
  try {
    await simulation.start();
  } catch (error) {
    await simulation.stop();
    await server.stop();
    throw error;
  }
  let web;
  try {
    web = await startWebServer(
      {
        script,
        async session(identity) {
          const token = await server.issueToken(identity);
          if (!welcomed.has(identity)) {
            await simulation.welcome(identity);
            welcomed.add(identity);
          }
          return { token };
        },
        onError: (message, error) => logger.error(message, error)
      },
      options.port ?? 8080,
      host
    );
  } catch (error) {
    await simulation.stop();
    await server.stop();
    throw error;
  }
  const page = web;
  let closed: Promise<void> | null = null;
  return {
    url: page.url,
    serverUrl: server.url,
    issueToken: (identity) => server.issueToken(identity),
    stopServer: () => server.stop(),
    startServer: () => server.start(),
    close() {
      closed ??= (async () => {
        await page.close();
        await simulation.stop();
        await server.stop();
      })();
      return closed;
    }
  };
}

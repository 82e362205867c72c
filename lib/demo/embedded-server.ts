import { type Logger, type RunningServer, startServer } from '../server';

/** What the embedded server is started with. */
export interface EmbeddedServerOptions {
  /** Port of the Conversations server; `0` picks a free one at the first start, kept for restarts. */
  port: number;
  host: string;
  /** SQLite file (or `:memory:`, which loses everything on a restart). */
  database: string;
  /** Token signing secret, the same across restarts so that issued tokens stay valid. */
  secret: string;
  logger: Logger;
}

/**
 * The demo's Conversations server, which can be stopped and started again in process on the
 * same port and the same database file: what a network cut or a server restart looks like to
 * the clients.
 */
export class EmbeddedServer {
  #options: EmbeddedServerOptions;
  #port: number;
  #server: RunningServer | null = null;
  #url = '';
  /** Serializes start and stop, so a restart never overlaps another. */
  #queue: Promise<void> = Promise.resolve();

  constructor(options: EmbeddedServerOptions) {
    this.#options = options;
    this.#port = options.port;
  }

  /** The WebSocket URL clients connect to (the same across restarts). */
  get url(): string {
    return this.#url;
  }

  /** Whether the server is up. */
  get running(): boolean {
    return this.#server !== null;
  }

  /** Starts the server (does nothing if it is up). */
  start(): Promise<void> {
    return this.#serial(async () => {
      if (this.#server) return;
      const server = await startServer({
        port: this.#port,
        host: this.#options.host,
        database: this.#options.database,
        secret: this.#options.secret,
        logger: this.#options.logger
      });
      this.#server = server;
      this.#port = server.port;
      this.#url = server.url;
    });
  }

  /** Stops the server: every session is closed (1001 going away), the database is closed. */
  stop(): Promise<void> {
    return this.#serial(async () => {
      const server = this.#server;
      this.#server = null;
      await server?.close();
    });
  }

  /** Issues a token signed with the demo's secret; rejects while the server is down. */
  async issueToken(identity: string, ttlSeconds = 3600): Promise<string> {
    await this.#queue;
    if (!this.#server) throw new ServerDownError();
    return this.#server.issueToken(identity, { ttlSeconds });
  }

  #serial(step: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(step);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

/** The embedded server is stopped (between a stop and the next start). */
export class ServerDownError extends Error {
  constructor() {
    super('the embedded server is not running');
    this.name = 'ServerDownError';
  }
}

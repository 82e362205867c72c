import { Client, type ClientOptions } from '../../lib/client';
import { startServer, type RunningServer, type ServerOptions } from '../../lib/server';

/** A server logger that keeps quiet. */
export const quietLogger = { info() {}, warn() {}, error() {} };

/** A real server on port 0 and real clients connected to it over real sockets. */
export interface ClientWorld {
  server: RunningServer;
  /** A client for `identity`, initialized. */
  client(identity: string, options?: ClientOptions): Promise<Client>;
  /** A client for `identity`, not awaited. */
  rawClient(identity: string, options?: ClientOptions): Promise<Client>;
  /** Shuts every client down and closes the server. */
  close(): Promise<void>;
}

/** Starts a server and hands out clients; call `close()` after the test. */
export async function clientWorld(options: ServerOptions = {}): Promise<ClientWorld> {
  const server = await startServer({ logger: quietLogger, ...options });
  const clients: Client[] = [];
  return {
    server,
    async client(identity, clientOptions = {}) {
      const client = await Client.create(await server.issueToken(identity), clientOptions);
      clients.push(client);
      return client;
    },
    async rawClient(identity, clientOptions = {}) {
      const client = new Client(await server.issueToken(identity), clientOptions);
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((client) => client.shutdown()));
      await server.close();
    }
  };
}

import type { RunningServer, ServerOptions } from '../../../lib/server';
import { TestClient, closeClients } from './client';
import { startTestServer, stopServers } from './server';

/** Registers cleanup of servers and clients after each test of the file. */
export function cleanupAfterEach(): void {
  afterEach(async () => {
    closeClients();
    await stopServers();
  });
}

/** A server and a way to connect users to it. */
export interface World {
  server: RunningServer;
  connect: (identity: string, extra?: Record<string, unknown>) => Promise<TestClient>;
}

/** Starts a server and answers helpers to connect users by identity. */
export async function world(options: ServerOptions = {}): Promise<World> {
  const server = await startTestServer(options);
  return {
    server,
    connect: async (identity, extra = {}) => {
      const client = await TestClient.connect(server.url, await server.issueToken(identity), extra);
      if (!client.welcome) throw new Error(`handshake of ${identity} denied: ${JSON.stringify(client.frames)}`);
      return client;
    }
  };
}

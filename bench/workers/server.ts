/**
 * Worker: the real server (`startServer`) in its own process, on a database the parent seeded,
 * with token issuing and a bare sender that drives load from inside this process. Default options,
 * except that the rate limits are off.
 */
import { startServer, type RunningServer, type ServerOptions } from '../../lib/server';
import { pump, RawSocket } from '../lib/raw-socket';
import { serve } from '../lib/worker';

const quiet = {
  info() {},
  warn() {},
  error: (message: string, error?: unknown) => console.error(`[bench server] ${message}`, error ?? '')
};
let server: RunningServer | null = null;

function running(): RunningServer {
  if (!server) throw new Error('the server is not started');
  return server;
}

/** The server worker's methods. */
export const methods = {
  async start(params: {
    database: string;
    durability?: ServerOptions['durability'];
    replayLimit?: number;
    adminKey?: string;
  }) {
    server = await startServer({
      database: params.database,
      durability: params.durability,
      replayLimit: params.replayLimit,
      adminKey: params.adminKey,
      // a benchmark's one sender sends far faster than a person: the per-connection and
      // per-identity rate limits (a policy, 300 frames/s by default) would be what is measured
      framesPerSecond: 0,
      identityRequestsPerSecond: 0,
      apiKeyRequestsPerSecond: 0,
      logger: quiet
    });
    return { url: server.url, port: server.port };
  },
  tokens(params: { identities: string[] }) {
    return Promise.all(params.identities.map((identity) => running().issueToken(identity, { ttlSeconds: 6 * 3600 })));
  },
  /** `count` messages from `identity` into its conversations, `window` in flight. */
  async pump(params: {
    identity: string;
    conversationSids: string[];
    count: number;
    window: number;
    bodyBytes: number;
  }) {
    const socket = await RawSocket.connect(running().url, await running().issueToken(params.identity));
    const start = performance.now();
    const body = 'b'.repeat(params.bodyBytes);
    await pump(socket, params.conversationSids, params.count, params.window, () => body);
    const ms = performance.now() - start;
    await socket.close();
    return { ms, head: await head() };
  },
  /** This process's memory after a full collection (needs `--expose-gc`), in bytes. */
  memory() {
    globalThis.gc?.();
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    return { rss, heapUsed, external, arrayBuffers };
  },
  /** The server's HTTP base URL. */
  httpUrl() {
    return running().httpUrl;
  },
  async close() {
    await server?.close();
    server = null;
  }
};

/** The server's newest position, as a fresh connection's welcome tells it. */
async function head(): Promise<number> {
  const socket = await RawSocket.connect(running().url, await running().issueToken('bench-head'));
  await socket.close();
  return socket.welcome.position;
}

serve(methods, () => methods.close());

import { type Client, type ClientOptions, isPendingMessage, selectMessages } from '../../../lib/client';
import type { ClientWorld } from '../../client/world';
import { Proxy } from '../../helpers/proxy';
import { waitFor } from '../../helpers/wait';
import { type SocketLog, recordingWebSocket } from './recording-socket';

/** A real client connected through its own fault injector, and what its sockets saw. */
export interface Member {
  identity: string;
  client: Client;
  proxy: Proxy;
  log: SocketLog;
}

/** Fast reconnects, long request timeouts and a window that holds every message of the tests. */
export const FAULT_TOLERANT: ClientOptions = {
  reconnect: { minDelayMs: 20, maxDelayMs: 250, jitter: 0.5 },
  requestTimeoutMs: 90000,
  messageCacheSize: 20000
};

/** Initialized clients for `identities`, each through its own proxy to the world's server. */
export async function membersThroughProxies(
  world: ClientWorld,
  identities: string[],
  options: ClientOptions = FAULT_TOLERANT
): Promise<Member[]> {
  const port = Number(new URL(world.server.url).port);
  return Promise.all(
    identities.map(async (identity) => {
      const proxy = await Proxy.start({ host: '127.0.0.1', port });
      const { WebSocket, log } = recordingWebSocket();
      const client = await world.client(identity, { ...options, WebSocket, url: proxy.wsUrl(world.server.url) });
      return { identity, client, proxy, log };
    })
  );
}

/** The `[index, body]` of every confirmed message a client's store holds for a conversation, in store order. */
export function heldMessages(client: Client, conversationSid: string): [number, string | null][] {
  return selectMessages(conversationSid)(client.getState()).flatMap((m) =>
    isPendingMessage(m) ? [] : [[m.index, m.body] as [number, string | null]]
  );
}

/** Waits until the client holds `count` confirmed messages of the conversation and none pending. */
export function waitForMessages(
  client: Client,
  conversationSid: string,
  count: number,
  timeoutMs = 60000
): Promise<void> {
  return waitFor(
    () => {
      const items = selectMessages(conversationSid)(client.getState());
      return items.length === count && !items.some(isPendingMessage);
    },
    `${client.user.identity} to hold ${count} messages of ${conversationSid}`,
    timeoutMs
  );
}

/** Cuts random members' links at random intervals (`minMs`..`maxMs` apart) until `stop()` is called. */
export function cutAtRandom(members: Member[], minMs: number, maxMs: number): { stop(): Promise<number> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, minMs + Math.random() * (maxMs - minMs)));
      if (running) members[Math.floor(Math.random() * members.length)].proxy.cut();
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return members.reduce((sum, m) => sum + m.proxy.cuts, 0);
    }
  };
}

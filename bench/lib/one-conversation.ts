/**
 * The scene of the fan-out benchmarks: the real server in its own process, on a database seeded
 * with one conversation whose members are `sender` and N receivers (`r0` … `rN−1`).
 */
import { join } from 'node:path';
import type { methods as ServerMethods } from '../workers/server';
import { seed } from './seed';
import { Worker } from './worker';

/** The server, its URL, the conversation, and tokens of the sender and of each receiver. */
export interface OneConversation {
  server: Worker<typeof ServerMethods>;
  url: string;
  conversationSid: string;
  senderToken: string;
  receiverTokens: string[];
}

/** Seeds `dir/<name>.db` with the conversation and starts the server on it. */
export async function oneConversation(n: number, dir: string, name: string): Promise<OneConversation> {
  const database = join(dir, `${name}.db`);
  const receiverIds = Array.from({ length: n }, (_, i) => `r${i}`);
  const { conversationSids } = await seed({
    path: database,
    conversations: 1,
    members: () => ['sender', ...receiverIds],
    messages: 0
  });
  const server = Worker.start<typeof ServerMethods>('server');
  const { url } = await server.call('start', { database });
  const [senderToken, ...receiverTokens] = await server.call('tokens', { identities: ['sender', ...receiverIds] });
  return { server, url, conversationSid: conversationSids[0], senderToken, receiverTokens };
}

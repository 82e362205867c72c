import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client, ConversationsError, ErrorCode } from '../../../lib/client';
import { serverMessages } from '../../server/helpers/messages';
import { killClis } from '../../server/helpers/cli';
import { waitFor } from '../../helpers/wait';
import { heldMessages, waitForMessages } from '../helpers/fleet';
import { recordingWebSocket, type SocketLog } from '../helpers/recording-socket';
import { report } from '../helpers/report';
import { freePort, processTokens, startServerProcess } from '../helpers/server-process';

const SENDERS = ['ann', 'ben', 'cat', 'dan'];
const SENDS_EACH = 300;
const CONCURRENCY = 4;
/** The server is killed (and restarted) once this many sends (of all senders) have resolved. */
const KILL_AT = [250, 700];

interface Outcome {
  body: string;
  index?: number;
  error?: unknown;
}

describe('faults: the server process is killed (SIGKILL) in the middle of a burst', () => {
  let dir: string;
  const clients: Client[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxc-killed-'));
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.shutdown()));
    killClis();
    rmSync(dir, { recursive: true, force: true });
  });

  it('clients reconnect and resume on their own; every resolved send is kept; no send is applied twice', async () => {
    const port = await freePort();
    const database = join(dir, 'chat.db');
    let server = await startServerProcess(port, database);
    const token = processTokens(server.url);
    const logs: SocketLog[] = [];
    for (const identity of SENDERS) {
      const { WebSocket, log } = recordingWebSocket();
      logs.push(log);
      clients.push(
        await Client.create(await token(identity), {
          WebSocket,
          reconnect: { minDelayMs: 50, maxDelayMs: 400, jitter: 0.5 },
          requestTimeoutMs: 60000,
          messageCacheSize: 5000
        })
      );
    }
    const conversation = await clients[0].createConversation({ friendlyName: 'killed' });
    for (const identity of SENDERS.slice(1)) await conversation.add(identity);
    const sid = conversation.sid;
    await waitFor(() => clients.every((c) => c.getState().conversations[sid]?.status === 'joined'), 'all joined');

    const outcomes: Outcome[] = [];
    let resolved = 0;
    const bursts = clients.map(async (client) => {
      const handle = await client.getConversationBySid(sid);
      let next = 0;
      const worker = async () => {
        while (next < SENDS_EACH) {
          const body = `${client.user.identity}#${next++}`;
          const outcome: Outcome = { body };
          outcomes.push(outcome);
          try {
            outcome.index = await handle.sendMessage(body);
            resolved++;
          } catch (error) {
            outcome.error = error;
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    });

    const kills: { resolvedBefore: number; inFlight: number; downMs: number }[] = [];
    for (const threshold of KILL_AT) {
      await waitFor(() => resolved >= threshold, `${threshold} sends resolved`, 60000);
      server.cli.child.kill('SIGKILL');
      expect((await server.cli.exited).signal).toBe('SIGKILL');
      const resolvedBefore = resolved;
      const inFlight = outcomes.filter((o) => o.index === undefined && o.error === undefined).length;
      await waitFor(() => clients.every((c) => c.connectionState !== 'connected'), 'every client noticed', 10000);
      const killedAt = Date.now();
      server = await startServerProcess(port, database);
      kills.push({ resolvedBefore, inFlight, downMs: Date.now() - killedAt });
    }
    await Promise.all(bursts);

    // every send settled: resolved, or failed with a typed, clear error
    expect(outcomes).toHaveLength(SENDERS.length * SENDS_EACH);
    const failed = outcomes.filter((o) => o.index === undefined);
    for (const { error } of failed) {
      expect(error).toBeInstanceOf(ConversationsError);
      expect([ErrorCode.Timeout, ErrorCode.Unavailable]).toContain((error as ConversationsError).code);
    }

    // what the restarted server holds: each body (and each idempotency key) once, indexes gap-free
    const all = await serverMessages(server.url, await token(SENDERS[0]), sid);
    expect(all.map((m) => m.index)).toEqual(all.map((_, i) => i));
    expect(new Set(all.map((m) => m.body)).size).toBe(all.length);
    expect(new Set(all.map((m) => m.key)).size).toBe(all.length);
    const stored = new Map(all.map((m) => [m.body, m.index]));
    for (const outcome of outcomes)
      if (outcome.index !== undefined) expect(stored.get(outcome.body)).toBe(outcome.index);
    expect(all.length).toBeGreaterThanOrEqual(outcomes.length - failed.length);

    // every client resumed on its own and holds the same messages
    for (const [i, client] of clients.entries()) {
      await waitFor(() => client.connectionState === 'connected', `${SENDERS[i]} connected again`);
      expect(logs[i].welcomes.at(-1)?.resume).toBe('resumed');
      await waitForMessages(client, sid, all.length);
      expect(heldMessages(client, sid)).toEqual(all.map((m) => [m.index, m.body]));
    }

    server.cli.child.kill('SIGTERM');
    await server.cli.exited;
    const db = new BetterSqlite3(database, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    report('server-killed', {
      senders: SENDERS.length,
      sends: outcomes.length,
      kills,
      failed: failed.length,
      stored: all.length
    });
  }, 180000);
});

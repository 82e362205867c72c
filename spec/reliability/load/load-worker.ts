/**
 * One of the load test's client processes (forked with `--import tsx`): it connects its share of
 * the 1,000 users as full rx-conversations Clients, sends at the plan's rates when told to, and
 * measures, for every message its clients receive, the time from the send to the receiver's store.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client } from '../../../lib/client';
import { createTokenService } from '../../../lib/server/auth/tokens';
import { type FromWorker, type PlannedConversation, type ToWorker, type WorkerReport, identityOf } from './load-plan';

const send = (message: FromWorker) => process.send?.(message);
const clients: Client[] = [];
const report: WorkerReport = {
  clients: 0,
  sent: {},
  sendFailures: 0,
  received: 0,
  latencies: [],
  latenciesBySize: {},
  eventLoopDelayP99Ms: 0,
  errors: [],
  rssPeak: 0,
  rssSamples: []
};
const loopDelay = monitorEventLoopDelay({ resolution: 20 });
let conversations: PlannedConversation[] = [];
let memberOf = new Map<number, PlannedConversation[]>();
let sizes = new Map<string, number>();
let sending = false;
let inFlight = 0;

process.on('unhandledRejection', (error) => report.errors.push(`unhandled rejection: ${String(error)}`));
const sampler = setInterval(() => {
  const rss = process.memoryUsage().rss;
  report.rssSamples.push(rss);
  report.rssPeak = Math.max(report.rssPeak, rss);
}, 1000);

async function connect(message: Extract<ToWorker, { type: 'connect' }>): Promise<void> {
  const started = Date.now();
  conversations = message.conversations;
  memberOf = new Map(message.users.map((user) => [user, conversations.filter((c) => c.members.includes(user))]));
  sizes = new Map(conversations.map((c) => [c.sid as string, c.members.length]));
  const tokens = createTokenService({
    secret: new TextEncoder().encode(message.secret),
    url: () => message.url,
    defaultTtlSeconds: 3600,
    maxTtlSeconds: 86400
  });
  for (let i = 0; i < message.users.length; i += 25) {
    const batch = message.users.slice(i, i + 25);
    await Promise.all(
      batch.map(async (user) => {
        const client = await Client.create(await tokens.issue(identityOf(user)), {
          messageCacheSize: message.messageCacheSize,
          reconnect: { minDelayMs: 200, maxDelayMs: 2000, jitter: 0.5 },
          requestTimeoutMs: 60000
        });
        client.connectionError$.subscribe((error) =>
          report.errors.push(`${identityOf(user)} connection: ${error.message}`)
        );
        client.messageAdded$.subscribe((added) => {
          report.received++;
          const sentAt = Number(String(added.body).split('|')[0]);
          if (!Number.isFinite(sentAt)) return;
          const latency = Date.now() - sentAt;
          report.latencies.push(latency);
          const size = String(sizes.get(added.conversation.sid) ?? 0);
          (report.latenciesBySize[size] ??= []).push(latency);
        });
        clients[user - message.users[0]] = client;
      })
    );
  }
  report.clients = clients.length;
  send({ type: 'connected', clients: clients.length, ms: Date.now() - started });
}

/** Every 250 ms, each client sends to each of its conversations with the chance that gives the plan's rate. */
function go(durationMs: number, users: number[]): void {
  sending = true;
  loopDelay.enable();
  const tickMs = 250;
  const stopAt = Date.now() + durationMs;
  let n = 0;
  const tick = setInterval(() => {
    if (Date.now() >= stopAt) {
      sending = false;
      clearInterval(tick);
      return;
    }
    for (const user of users) {
      for (const conversation of memberOf.get(user) ?? []) {
        if (Math.random() >= (conversation.messagesPerSecond / conversation.members.length) * (tickMs / 1000)) continue;
        const client = clients[user - users[0]];
        const sid = conversation.sid as string;
        inFlight++;
        client
          .getConversationBySid(sid)
          .then((c) => c.sendMessage(`${Date.now()}|${identityOf(user)}|${n++}`))
          .then(
            () => (report.sent[sid] = (report.sent[sid] ?? 0) + 1),
            (error: unknown) => {
              report.sendFailures++;
              report.errors.push(`${identityOf(user)} send: ${String(error)}`);
            }
          )
          .finally(() => inFlight--);
      }
    }
  }, tickMs);
}

const progress = setInterval(() => {
  const sent = Object.values(report.sent).reduce((a, b) => a + b, 0);
  send({ type: 'progress', sent, received: report.received, inFlight: sending ? -1 : inFlight });
}, 1000);

let users: number[] = [];
process.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'connect':
      users = message.users;
      connect(message).catch((error: unknown) => send({ type: 'failed', error: String(error) }));
      return;
    case 'go':
      go(message.durationMs, users);
      return;
    case 'report':
      report.eventLoopDelayP99Ms = Math.round(loopDelay.percentile(99) / 1e6);
      send({ type: 'report', report });
      return;
    case 'stop':
      clearInterval(sampler);
      clearInterval(progress);
      // the worker's last act: it exits once every client has shut down, whatever their outcome
      void Promise.all(clients.map((client) => client.shutdown())).finally(() => process.exit(0));
      return;
  }
});

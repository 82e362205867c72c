import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandArgs, type CommandName, type CommandResult, ErrorCode } from '../../../lib/protocol';
import { TestClient, closeClients } from '../../server/helpers/client';
import { killClis } from '../../server/helpers/cli';
import { waitFor } from '../../helpers/wait';
import { percentile, report } from '../helpers/report';
import { PROCESS_SECRET, freePort, processTokens, sampleRss, startServerProcess } from '../helpers/server-process';
import {
  type FromWorker,
  type PlannedConversation,
  type ToWorker,
  type WorkerReport,
  USERS,
  identityOf,
  plan
} from './load-plan';

const WORKERS = 2;
const SUSTAINED_MS = 60_000;
const MiB = 1024 * 1024;

/** A forked client process and what it said last. */
interface Worker {
  child: ChildProcess;
  connected: { clients: number; ms: number } | null;
  progress: { sent: number; received: number; inFlight: number } | null;
  report: WorkerReport | null;
  failure: string | null;
}

function startWorker(): Worker {
  const child = fork(join(__dirname, 'load-worker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    cwd: join(__dirname, '..', '..', '..'),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  });
  const worker: Worker = { child, connected: null, progress: null, report: null, failure: null };
  child.on('message', (message: FromWorker) => {
    if (message.type === 'connected') worker.connected = message;
    if (message.type === 'progress') worker.progress = message;
    if (message.type === 'report') worker.report = message.report;
    if (message.type === 'failed') worker.failure = message.error;
  });
  child.on('exit', (code) => {
    if (code !== 0 && worker.failure === null) worker.failure = `exited with ${code}`;
  });
  return worker;
}

const tell = (worker: Worker, message: ToWorker) => worker.child.send(message);

/** A request that waits and goes again when refused as rate limited (the setup sends 1,400 of them). */
async function call<K extends CommandName>(
  client: TestClient,
  command: K,
  args: CommandArgs<K>
): Promise<CommandResult<K>> {
  for (;;) {
    const reply = await client.request(command, args);
    if (reply.error?.code === ErrorCode.RateLimited) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      continue;
    }
    if (reply.error) throw new Error(`${command}: ${reply.error.message}`);
    return reply.result as CommandResult<K>;
  }
}

describe('load: 1,000 concurrent clients', () => {
  let dir: string;
  const workers: Worker[] = [];
  afterAll(() => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    closeClients();
    killClis();
    rmSync(dir, { recursive: true, force: true });
  });

  it('1,000 clients in rooms of 2 to 500, 60 s: no error, all delivered, memory bounded, p99 reported', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxc-load-'));
    const server = await startServerProcess(await freePort(), join(dir, 'load.db'));
    const token = processTokens(server.url);

    // the conversations, made by an organizer who then goes away
    const conversations: PlannedConversation[] = plan();
    const organizer = await TestClient.connect(server.url, await token('organizer'));
    for (const conversation of conversations) {
      conversation.sid = (
        await call(organizer, 'createConversation', { friendlyName: conversation.name })
      ).conversation.sid;
      const members = [...conversation.members];
      const adder = async () => {
        for (let member = members.shift(); member !== undefined; member = members.shift()) {
          await call(organizer, 'addParticipant', { conversationSid: conversation.sid!, identity: identityOf(member) });
        }
      };
      await Promise.all(Array.from({ length: 4 }, adder));
    }
    organizer.ws.terminate();

    // the clients, in worker processes beside the server process
    const perWorker = USERS / WORKERS;
    for (let w = 0; w < WORKERS; w++) {
      const worker = startWorker();
      workers.push(worker);
      const users = Array.from({ length: perWorker }, (_, i) => w * perWorker + i);
      tell(worker, {
        type: 'connect',
        url: server.url,
        secret: PROCESS_SECRET,
        users,
        conversations,
        messageCacheSize: 200
      });
    }
    await waitFor(() => workers.every((w) => w.connected || w.failure), 'every client connected', 180_000);
    expect(workers.map((w) => w.failure)).toEqual(workers.map(() => null));
    const connectMs = Math.max(...workers.map((w) => w.connected!.ms));

    const serverRss = sampleRss(server.pid, 1000);
    for (const worker of workers) tell(worker, { type: 'go', durationMs: SUSTAINED_MS });
    // a worker reports inFlight -1 while its traffic runs, then what is still in flight
    await waitFor(() => workers.every((w) => w.progress?.inFlight === -1), 'every worker sending', 30_000);
    await waitFor(() => workers.every((w) => w.progress?.inFlight === 0), 'every send settled', SUSTAINED_MS + 60_000);

    // every message reaches every member's store
    const gather = async () => {
      for (const worker of workers) worker.report = null;
      for (const worker of workers) tell(worker, { type: 'report' });
      await waitFor(() => workers.every((w) => w.report), 'reports', 30_000);
      return workers.map((w) => w.report!);
    };
    let reports = await gather();
    const members = new Map(conversations.map((c) => [c.sid as string, c.members.length]));
    const sent = (rs: WorkerReport[]) => rs.reduce((n, r) => n + Object.values(r.sent).reduce((a, b) => a + b, 0), 0);
    const expected = reports.reduce(
      (n, r) => n + Object.entries(r.sent).reduce((m, [sid, count]) => m + count * (members.get(sid) ?? 0), 0),
      0
    );
    const received = () => workers.reduce((n, w) => n + (w.progress?.received ?? 0), 0);
    await waitFor(() => received() >= expected, `${expected} deliveries`, 60_000);
    reports = await gather();
    const { peak: serverPeak, samples } = serverRss.stop();

    const errors = reports.flatMap((r) => r.errors);
    expect(errors.slice(0, 10)).toEqual([]);
    expect(reports.reduce((n, r) => n + r.sendFailures, 0)).toBe(0);
    expect(reports.reduce((n, r) => n + r.clients, 0)).toBe(USERS);
    expect(reports.reduce((n, r) => n + r.received, 0)).toBe(expected);

    // memory stays bounded: the last third of the run holds no more than the middle third plus a margin
    const third = (xs: number[], k: number) =>
      xs.slice(Math.floor((xs.length * k) / 3), Math.floor((xs.length * (k + 1)) / 3));
    const plateau = (xs: number[]) => Math.max(...third(xs, 2)) <= Math.max(...third(xs, 1)) * 1.25;
    expect(plateau(samples)).toBe(true);
    const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const bySize = Object.fromEntries(
      [...new Set(reports.flatMap((r) => Object.keys(r.latenciesBySize)))].map((size) => {
        const sorted = reports.flatMap((r) => r.latenciesBySize[size] ?? []).sort((a, b) => a - b);
        return [size, { p50: percentile(sorted, 50), p99: percentile(sorted, 99) }];
      })
    );
    report('load', {
      clients: USERS,
      fullClients: USERS,
      workerProcesses: WORKERS,
      conversations: conversations.length,
      largestConversation: Math.max(...conversations.map((c) => c.members.length)),
      sustainedSeconds: SUSTAINED_MS / 1000,
      connectSeconds: +(connectMs / 1000).toFixed(1),
      messagesSent: sent(reports),
      deliveries: expected,
      errors: errors.length,
      latencyMs: {
        p50: percentile(latencies, 50),
        p90: percentile(latencies, 90),
        p99: percentile(latencies, 99),
        max: latencies[latencies.length - 1]
      },
      latencyMsByConversationSize: bySize,
      workerEventLoopDelayP99Ms: reports.map((r) => r.eventLoopDelayP99Ms),
      serverRssPeakMiB: Math.round(serverPeak / MiB),
      workerRssPeakMiB: reports.map((r) => Math.round(r.rssPeak / MiB))
    });
    for (const worker of workers) tell(worker, { type: 'stop' });
    await Promise.all(
      workers.map(
        (w) => new Promise((resolve) => (w.child.exitCode !== null ? resolve(null) : w.child.once('exit', resolve)))
      )
    );
  }, 300_000);
});

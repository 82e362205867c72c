import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient, closeClients } from '../../server/helpers/client';
import { killClis } from '../../server/helpers/cli';
import { percentile, report } from '../helpers/report';
import { freePort, processTokens, rssOf, sampleRss, startServerProcess } from '../helpers/server-process';

/** Quiet and attacked phases alternate this many times. */
const CYCLES = 4;
/** Requests the well-behaved client sends one after another in each phase... */
const REQUESTS_PER_PHASE = 150;
/** ...unless the phase has lasted this long (a stalled server ends it: the ratio then shows it). */
const PHASE_MS = 10_000;

/** The attacker process: `start` / `stop` its rounds, `exit` for its tally. */
function attacker(url: string, tokens: string[]) {
  const child: ChildProcess = fork(join(__dirname, 'deep-frames.ts'), [url, ...tokens], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc']
  });
  let out = '';
  child.stdout?.on('data', (chunk) => (out += chunk));
  const next = (what: string) =>
    new Promise<void>((resolve) => child.once('message', (message) => message === what && resolve()));
  const ready = next('ready');
  return {
    ready,
    start: () => child.send('start'),
    stop: () => {
      const stopped = next('stopped');
      child.send('stop');
      return stopped;
    },
    exit: () =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        child.once('exit', () =>
          out ? resolve(JSON.parse(out) as Record<string, unknown>) : reject(new Error('the attacker printed nothing'))
        );
        child.send('exit');
      }),
    kill: () => child.kill('SIGKILL')
  };
}

describe('work before admission: deeply nested megabyte frames', () => {
  let dir: string;
  afterEach(() => {
    closeClients();
    killClis();
    rmSync(dir, { recursive: true, force: true });
  });

  it("under attack, a good client's p99 stays within 2× its quiet value, server memory within +32 MB", async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxc-deep-'));
    const server = await startServerProcess(await freePort(), join(dir, 'attacked.db'));
    const token = processTokens(server.url);
    const client = await TestClient.connect(server.url, await token('wendy'));
    const { conversation } = await client.call('createConversation', {});
    for (let i = 0; i < 20; i++)
      await client.call('sendMessage', { conversationSid: conversation.sid, key: `m${i}`, body: `message ${i}` });
    const attack = attacker(server.url, [await token('mallory'), await token('mallet')]);
    await attack.ready;

    let nextId = 1000;
    /** One phase: sequential requests, each timed; answers the latencies (ms). */
    const phase = async (): Promise<number[]> => {
      const latencies: number[] = [];
      const ends = Date.now() + PHASE_MS;
      while (latencies.length < REQUESTS_PER_PHASE && Date.now() < ends) {
        const id = nextId++;
        const started = performance.now();
        client.sendRaw({
          type: 'request',
          id,
          command: 'getMessages',
          args: { conversationSid: conversation.sid, pageSize: 20 }
        });
        // a stalled server is measured, not given up on (the phase ends after PHASE_MS)
        const reply = await client.waitFrame((f) => f.type === 'reply' && f.id === id, 60_000);
        latencies.push(performance.now() - started);
        expect((reply.result as { items: unknown[] }).items).toHaveLength(20);
      }
      return latencies;
    };

    await phase(); // warm-up, not counted
    const quiet: number[] = [];
    const attacked: number[] = [];
    let baselineRss = 0;
    let attackedPeakRss = 0;
    let tally: Record<string, unknown>;
    try {
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        quiet.push(...(await phase()));
        baselineRss = Math.max(baselineRss, rssOf(server.pid));
        const rss = sampleRss(server.pid, 20);
        attack.start();
        attacked.push(...(await phase()));
        await attack.stop();
        attackedPeakRss = Math.max(attackedPeakRss, rss.stop().peak);
      }
    } finally {
      tally = await attack.exit().catch((error) => {
        attack.kill();
        throw error;
      });
    }
    const quietP99 = percentile(quiet, 99);
    const attackedP99 = percentile(attacked, 99);
    const figures = {
      cycles: CYCLES,
      quietRequests: quiet.length,
      attackedRequests: attacked.length,
      quietP50Ms: +percentile(quiet, 50).toFixed(2),
      quietP99Ms: +quietP99.toFixed(2),
      attackedP50Ms: +percentile(attacked, 50).toFixed(2),
      attackedP99Ms: +attackedP99.toFixed(2),
      p99Ratio: +(attackedP99 / quietP99).toFixed(2),
      baselineRssMiB: +(baselineRss / 2 ** 20).toFixed(1),
      attackedPeakRssMiB: +(attackedPeakRss / 2 ** 20).toFixed(1),
      rssGrowthMiB: +((attackedPeakRss - baselineRss) / 2 ** 20).toFixed(1),
      attacker: tally
    };
    report('pre-admission-attack', figures);

    const closes = tally.closes as Record<string, Record<string, number>>;
    // every attacking socket was closed by the server: at once for frames over the limit,
    // after a few refused ones for frames nested too deeply under it
    expect(Object.keys(closes.unauthenticated)).toEqual(['1009']);
    expect(Object.keys(closes['authenticated 1 MB'])).toEqual(['1009']);
    expect(Object.keys(closes['authenticated under the limit'])).toEqual(['1009']);
    expect(tally.rounds as number).toBeGreaterThanOrEqual(CYCLES);
    expect(attacked.length).toBe(CYCLES * REQUESTS_PER_PHASE);
    expect(attackedP99).toBeLessThanOrEqual(2 * quietP99);
    expect(attackedPeakRss - baselineRss).toBeLessThanOrEqual(32 * 2 ** 20);
  }, 180_000);
});

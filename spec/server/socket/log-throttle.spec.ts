import { LogThrottle } from '../../../lib/server/socket/log-throttle';
import { TestClient, openSocket } from '../helpers/client';
import { memoryLogger } from '../helpers/server';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

/** A throttle on a clock the test moves. */
function throttled(maxLinesPerInterval = 100) {
  const logger = memoryLogger();
  let now = 0;
  const log = new LogThrottle(logger, { intervalMs: 10_000, maxLinesPerInterval }, () => now);
  return { logger, log, advance: (ms: number) => (now += ms) };
}

describe('log floods', () => {
  it('writes one line per connection and reason per interval, then one with the count', () => {
    const { logger, log, advance } = throttled();
    for (let i = 0; i < 10_000; i++) log.warn('session-1', 'rate limit', `rate limit: session-1 frame ${i}`);
    log.warn('session-1', 'slow consumer', 'slow consumer: session-1');
    log.warn('session-2', 'rate limit', 'rate limit: session-2');
    expect(logger.lines).toEqual([
      'warn rate limit: session-1 frame 0',
      'warn slow consumer: session-1',
      'warn rate limit: session-2'
    ]);
    advance(9_999);
    log.warn('session-1', 'rate limit', 'again');
    expect(logger.lines).toHaveLength(3);
    advance(1);
    log.warn('session-1', 'rate limit', 'next interval');
    expect(logger.lines.slice(3)).toEqual([
      'warn rate limit: 10000 more like this from session-1 in the last 10 s',
      'warn next interval'
    ]);
    log.close();
  });

  it('writes at most maxLinesPerInterval lines an interval over all connections, and says how many it dropped', () => {
    const { logger, log, advance } = throttled(100);
    let sent = 0;
    for (let interval = 0; interval < 5; interval++) {
      const before = logger.lines.length;
      for (let session = 0; session < 1000; session++) {
        for (const reason of ['rate limit', 'slow consumer', 'command failed']) {
          log.error(`session-${interval}-${session}`, reason, `${reason}: session-${interval}-${session}`);
          sent++;
        }
      }
      // the previous interval's summary line, plus this interval's lines
      expect(logger.lines.length - before).toBeLessThanOrEqual(101);
      advance(10_000);
    }
    log.close();
    expect(sent).toBe(15_000);
    expect(logger.lines.length).toBeLessThanOrEqual(5 * 101);
    expect(logger.lines.at(-1)).toMatch(/^warn 2900 log lines about clients dropped in the last 10 s/);
  });

  it('a flood of connections closed for their rate bounds the server log', async () => {
    const logger = memoryLogger();
    const { server } = await world({ logger, framesPerSecond: 1, frameBurst: 2, rateLimitGraceMs: 0 });
    const closes = await Promise.all(
      [...Array(150).keys()].map(async () => {
        const client = new TestClient(await openSocket(server.url));
        for (let i = 0; i < 5; i++) client.sendRaw({ type: 'ping' });
        return (await client.closed).code;
      })
    );
    expect(closes.filter((code) => code === 4029)).toHaveLength(150);
    // one line per connection closed, but at most 100 an interval (and the one counting the rest)
    expect(logger.lines.length).toBe(100);
    await server.close();
    expect(logger.lines.length).toBe(101);
    expect(logger.lines.at(-1)).toMatch(/^warn 50 log lines about clients dropped/);
  });
});

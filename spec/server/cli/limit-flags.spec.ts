import { parseConfig } from '../../../lib/cli/config';
import { ErrorCode } from '../../../lib/protocol';
import { TestClient, closeClients } from '../helpers/client';
import { killClis, serveCli } from '../helpers/cli';

jest.setTimeout(120_000);

const ENV = { RXC_DATABASE: ':memory:', RXC_SECRET: 'a-cli-secret-of-enough-length' };
/**
 * More requests than the default frame burst (1,000) lets one connection send at once. On a loaded
 * machine the bucket refills (300 a second) while the batches wait for their replies, so a limited
 * server is flooded until it refuses, up to `MOST` requests.
 */
const REQUESTS = 1500;
const MOST = 20_000;

/** Requests one session may have waiting (the server's `maxPendingRequests` is 256). */
const BATCH = 100;

/**
 * Sends `REQUESTS` requests in quick batches (or, `untilRefused`, batches until one is refused),
 * answers how many the server refused as rate limited.
 */
async function flood(url: string, token: string, untilRefused = false): Promise<number> {
  const client = await TestClient.connect(url, token);
  let refused = 0;
  for (let sent = 0; untilRefused ? refused === 0 && sent < MOST : sent < REQUESTS; sent += BATCH) {
    const replies = await Promise.all(Array.from({ length: BATCH }, () => client.request('getContentTemplates')));
    refused += replies.filter((reply) => reply.error?.code === ErrorCode.RateLimited).length;
  }
  return refused;
}

describe('CLI flags of rate limits, pool and presence', () => {
  afterEach(() => {
    closeClients();
    killClis();
  });

  it('parses them and their environment variables; bad values are refused with the flag named', () => {
    const flags = parseConfig(
      [
        'serve',
        '--frames-per-second',
        '0',
        '--identity-requests-per-second',
        '50',
        '--database-pool-size',
        '4',
        '--presence-interval-ms',
        '2000'
      ],
      {}
    );
    expect(flags).toMatchObject({
      framesPerSecond: 0,
      identityRequestsPerSecond: 50,
      databasePoolSize: 4,
      presenceIntervalMs: 2000
    });
    const env = parseConfig(['serve'], {
      RXC_FRAMES_PER_SECOND: '7',
      RXC_IDENTITY_REQUESTS_PER_SECOND: '8',
      RXC_DATABASE_POOL_SIZE: '9',
      RXC_PRESENCE_INTERVAL_MS: '10'
    });
    expect(env).toMatchObject({
      framesPerSecond: 7,
      identityRequestsPerSecond: 8,
      databasePoolSize: 9,
      presenceIntervalMs: 10
    });
    expect(parseConfig(['serve'], {})).toMatchObject({
      framesPerSecond: undefined,
      identityRequestsPerSecond: undefined
    });
    expect(() => parseConfig(['serve', '--frames-per-second', 'fast'], {})).toThrow(/frames-per-second/);
    expect(() => parseConfig(['serve', '--database-pool-size', '-1'], {})).toThrow(/database-pool-size/);
  });

  it('a served server keeps its default limits, and turns them off with 0', async () => {
    const limited = await serveCli([], ENV);
    expect(await flood(limited.url, limited.token, true)).toBeGreaterThan(0);
    const unlimited = await serveCli(['--frames-per-second', '0', '--identity-requests-per-second', '0'], ENV);
    expect(await flood(unlimited.url, unlimited.token)).toBe(0);
  });
});

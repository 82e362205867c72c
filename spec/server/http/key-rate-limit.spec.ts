import { ErrorCode } from '../../../lib/protocol';
import type { Authenticator, Caller } from '../../../lib/server/domain/api-keys';
import { apiGate } from '../../../lib/server/http/api-auth';
import { restClient } from '../helpers/rest';
import { startTestServer, stopServers } from '../helpers/server';

afterEach(() => stopServers());

const KEY = 'admin-key-0123456789';
/** A rate so slow that no token comes back while a test runs: only the burst counts. */
const ALMOST_NONE = 0.001;

describe('REST rate limit per API key', () => {
  it('answers 429 RateLimited with Retry-After past the burst', async () => {
    const server = await startTestServer({
      adminKey: KEY,
      apiKeyRequestsPerSecond: ALMOST_NONE,
      apiKeyRequestBurst: 2
    });
    const rest = restClient(server.httpUrl, KEY);
    expect((await rest('POST', '/v1/Conversations', { FriendlyName: 'one' })).status).toBe(201);
    expect((await rest('GET', '/v1/Conversations')).status).toBe(200);
    const refused = await rest('POST', '/v1/Conversations', { FriendlyName: 'two' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: ErrorCode.RateLimited, status: 429 } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // what needs no key is not counted
    expect((await restClient(server.httpUrl, null)('GET', '/health')).status).toBe(200);
  });

  it('keeps a bucket per key: one key over its rate does not slow another; rate 0 turns it off', () => {
    const keys: Record<string, Caller> = {
      a: { keySid: 'SKa', scopes: new Set(['read']) },
      b: { keySid: 'SKb', scopes: new Set(['read']) }
    };
    const auth: Authenticator = { authenticate: (secret) => Promise.resolve(keys[secret] ?? null) };
    const gate = apiGate(auth, { ratePerSecond: ALMOST_NONE, burst: 3 });
    expect([1, 2, 3, 4].map(() => gate.admit(keys.a))).toEqual([0, 0, 0, expect.any(Number)]);
    expect(gate.admit(keys.a)).toBeGreaterThan(0);
    expect(gate.admit(keys.b)).toBe(0);
    const open = apiGate(auth, { ratePerSecond: 0, burst: 0 });
    expect(Array.from({ length: 100 }, () => open.admit(keys.a)).every((wait) => wait === 0)).toBe(true);
  });
});

import { expect } from '@jest/globals';
import { decodeJwt } from 'jose';
import { cleanupAfterEach, world } from '../helpers/setup';
import { TestClient } from '../helpers/client';

cleanupAfterEach();

describe('HTTP', () => {
  it('GET /health answers 200 with status ok', async () => {
    const { server, connect } = await world();
    await connect('alice');
    const res = await fetch(`${server.httpUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', protocol: 1, sessions: 1, uptimeMs: expect.any(Number) });
    expect((await fetch(`${server.httpUrl}/nowhere`)).status).toBe(404);
  });

  it('POST /v1/admin/tokens issues tokens to the holder of the admin key only', async () => {
    const { server } = await world({ adminKey: 'k3y' });
    const post = (body: unknown, key?: string) =>
      fetch(`${server.httpUrl}/v1/admin/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: typeof body === 'string' ? body : JSON.stringify(body)
      });
    expect((await post({ identity: 'alice' })).status).toBe(401);
    expect((await post({ identity: 'alice' }, 'wrong')).status).toBe(401);
    expect((await post({ identity: '' }, 'k3y')).status).toBe(400);
    expect((await post('{', 'k3y')).status).toBe(400);
    expect((await post({ identity: 'alice', ttlSeconds: 10 ** 9 }, 'k3y')).status).toBe(400);
    const res = await post({ identity: 'alice', ttlSeconds: 600 }, 'k3y');
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    expect(decodeJwt(token)).toMatchObject({ sub: 'alice', url: server.url });
    const client = await TestClient.connect(server.url, token);
    expect(client.welcome?.identity).toBe('alice');
  });

  it('refuses the admin endpoints to everyone when the server has neither an admin key nor API keys', async () => {
    const { server } = await world();
    const answer = await fetch(`${server.httpUrl}/v1/admin/tokens`, {
      method: 'POST',
      headers: { authorization: 'Bearer ' },
      body: '{}'
    });
    expect(answer.status).toBe(401);
  });

  it('refuses WebSocket upgrades on other paths', async () => {
    const { server } = await world();
    const other = server.url.replace('/v1/ws', '/elsewhere');
    await expect(TestClient.connect(other, 'x')).rejects.toThrow();
  });

  it('close() ends sessions with 1001 going away and a close frame', async () => {
    const { server, connect } = await world();
    const alice = await connect('alice');
    await server.close();
    expect((await alice.closed).code).toBe(1001);
    expect(alice.frames.at(-1)).toMatchObject({ type: 'close', error: { code: 50300 } });
  });
});

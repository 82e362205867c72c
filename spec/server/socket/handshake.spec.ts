import { expect } from '@jest/globals';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { CloseCode, ErrorCode, LIMITS, PROTOCOL_VERSION } from '../../../lib/protocol';
import { TestClient, eventually, openSocket } from '../helpers/client';
import { TEST_SECRET } from '../helpers/server';
import { cleanupAfterEach, world } from '../helpers/setup';
import { decodeJwt } from 'jose';

cleanupAfterEach();

const sign = (claims: Record<string, unknown>, exp: number, secret = TEST_SECRET) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
const now = () => Math.floor(Date.now() / 1000);

async function expectDenied(url: string, token: string, code: number, extra = {}) {
  const client = await TestClient.connect(url, token, extra);
  expect(client.welcome).toBeNull();
  const denied = client.frames.find((f) => f.type === 'denied');
  expect(denied?.error).toMatchObject({ code, message: expect.any(String), status: expect.any(Number) });
  expect((await client.closed).code).toBe(CloseCode.Denied);
}

describe('handshake', () => {
  it('welcomes a valid token with identity, position, resume outcome, expiry, URLs and limits', async () => {
    const { server, connect } = await world();
    const alice = await connect('alice');
    expect(alice.welcome).toMatchObject({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      identity: 'alice',
      sessionId: expect.any(String),
      position: 0,
      resume: 'fresh',
      httpUrl: server.httpUrl,
      reachabilityEnabled: true,
      limits: { ...LIMITS, heartbeatIntervalMs: 30000 }
    });
    expect(alice.welcome?.expiresAt).toBeGreaterThan(Date.now() + 3500 * 1000);
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/ws$/);
  });

  it('denies expired, forged, malformed and grantless tokens, and other protocol versions', async () => {
    const { server } = await world();
    await expectDenied(
      server.url,
      await sign({ sub: 'alice', grants: ['conversations'] }, now() - 5),
      ErrorCode.TokenExpired
    );
    await expectDenied(
      server.url,
      await sign({ sub: 'alice', grants: ['conversations'] }, now() + 60, 'forged-secret-forged-secret'),
      ErrorCode.TokenInvalid
    );
    await expectDenied(server.url, 'garbage', ErrorCode.TokenInvalid);
    await expectDenied(server.url, await server.issueToken('alice', { grants: ['chat'] }), ErrorCode.TokenGrantMissing);
    await expectDenied(server.url, await server.issueToken('alice'), ErrorCode.ProtocolVersion, {
      protocol: PROTOCOL_VERSION + 1
    });
  });

  it('closes a connection that sends no handshake in time', async () => {
    const { server } = await world({ handshakeTimeoutMs: 100 });
    const client = new TestClient(await openSocket(server.url));
    const { code } = await client.closed;
    expect(code).toBe(CloseCode.ProtocolError);
    expect(client.frames[0]).toMatchObject({ type: 'close', error: { code: ErrorCode.HandshakeRequired } });
  });

  it('answers requests before the handshake and a second handshake with HandshakeRequired', async () => {
    const { server } = await world();
    const client = new TestClient(await openSocket(server.url));
    expect((await client.request('listMyConversations')).error).toMatchObject({ code: ErrorCode.HandshakeRequired });
    const token = await server.issueToken('alice');
    client.sendRaw({ type: 'handshake', protocol: PROTOCOL_VERSION, token });
    // a request pipelined right behind the handshake runs after it
    const reply = await client.request('listMyConversations');
    expect(reply.result).toEqual({ items: [], nextCursor: null });
    expect(client.frames.findIndex((f) => f.type === 'welcome')).toBeLessThan(client.frames.indexOf(reply));
    client.sendRaw({ type: 'handshake', protocol: PROTOCOL_VERSION, token });
    const again = await client.waitFrame(
      (f) => f.type === 'reply' && f.error?.code === ErrorCode.HandshakeRequired && f.id === 0
    );
    expect(again.error?.message).toMatch(/already/);
  });

  it('answers ping with pong, before and after the handshake', async () => {
    const { server, connect } = await world();
    const raw = new TestClient(await openSocket(server.url));
    raw.sendRaw({ type: 'ping' });
    await raw.waitFrame((f) => f.type === 'pong');
    const alice = await connect('alice');
    alice.sendRaw({ type: 'ping' });
    await alice.waitFrame((f) => f.type === 'pong');
  });

  it('drops a peer that stops answering WebSocket pings', async () => {
    const { server } = await world({ heartbeatIntervalMs: 50 });
    const ws = new WebSocket(server.url, { autoPong: false });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise((resolve) => ws.once('open', resolve));
    expect(await closed).toBe(1006);
  });

  it('updateToken extends the session for the same identity only', async () => {
    const { server, connect } = await world();
    const alice = await connect('alice');
    const fresh = await server.issueToken('alice', { ttlSeconds: 7200 });
    const { expiresAt } = await alice.call('updateToken', { token: fresh });
    expect(expiresAt).toBeGreaterThan(Date.now() + 7100 * 1000);
    expect(await alice.fail('updateToken', { token: await server.issueToken('bob') })).toMatchObject({
      code: ErrorCode.TokenInvalid
    });
    expect(await alice.fail('updateToken', { token: 'forged' })).toMatchObject({ code: ErrorCode.TokenInvalid });
    const expired = await sign({ sub: 'alice', grants: ['conversations'] }, now() - 5);
    expect(await alice.fail('updateToken', { token: expired })).toMatchObject({ code: ErrorCode.TokenExpired });
    expect(await alice.call('listMyConversations')).toEqual({ items: [], nextCursor: null });
  });

  it('closes the session when its token expires, saying so', async () => {
    const { server } = await world();
    const client = await TestClient.connect(server.url, await server.issueToken('alice', { ttlSeconds: 1 }));
    expect(client.welcome).not.toBeNull();
    const { code } = await client.closed;
    expect(code).toBe(CloseCode.Denied);
    expect(client.frames.at(-1)).toMatchObject({ type: 'close', error: { code: ErrorCode.TokenExpired } });
  });

  it('a token from startServer carries the public URL', async () => {
    const { server } = await world({ publicUrl: 'wss://chat.example.test/v1/ws' });
    const token = await server.issueToken('alice');
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'alice', url: 'wss://chat.example.test/v1/ws', grants: ['conversations'] });
    await eventually(() => true);
  });
});

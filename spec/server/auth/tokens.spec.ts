import { expect } from '@jest/globals';
import { SignJWT, decodeJwt } from 'jose';
import { ErrorCode } from '../../../lib/protocol';
import { createTokenService } from '../../../lib/server/auth/tokens';

const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
const service = createTokenService({
  secret,
  url: () => 'ws://example.test/v1/ws',
  defaultTtlSeconds: 3600,
  maxTtlSeconds: 86400
});
const sign = (claims: Record<string, unknown>, key = secret, exp = Math.floor(Date.now() / 1000) + 60) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(exp).sign(key);

describe('tokens', () => {
  it('issues a JWT with identity, expiry, grants and the public URL', async () => {
    const token = await service.issue('alice', { ttlSeconds: 120 });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'alice', grants: ['conversations'], url: 'ws://example.test/v1/ws' });
    expect((claims.exp ?? 0) - Math.floor(Date.now() / 1000)).toBeGreaterThan(110);
    const verified = await service.verify(token);
    expect(verified).toMatchObject({ ok: true, identity: 'alice' });
  });

  it('refuses to issue past the longest lifetime or for a bad identity', async () => {
    await expect(service.issue('alice', { ttlSeconds: 86401 })).rejects.toThrow(RangeError);
    await expect(service.issue('')).rejects.toThrow(RangeError);
  });

  it('denies an expired token with TokenExpired', async () => {
    const token = await sign({ sub: 'alice', grants: ['conversations'] }, secret, Math.floor(Date.now() / 1000) - 10);
    expect(await service.verify(token)).toMatchObject({ ok: false, code: ErrorCode.TokenExpired });
  });

  it('denies a forged or malformed token with TokenInvalid', async () => {
    const forged = await sign(
      { sub: 'alice', grants: ['conversations'] },
      new TextEncoder().encode('another-secret-another-secret!!')
    );
    expect(await service.verify(forged)).toMatchObject({ ok: false, code: ErrorCode.TokenInvalid });
    expect(await service.verify('not.a.jwt')).toMatchObject({ ok: false, code: ErrorCode.TokenInvalid });
    const noSub = await sign({ grants: ['conversations'] });
    expect(await service.verify(noSub)).toMatchObject({ ok: false, code: ErrorCode.TokenInvalid });
  });

  it('denies a token without the conversations grant with TokenGrantMissing', async () => {
    const token = await service.issue('alice', { grants: ['video'] });
    expect(await service.verify(token)).toMatchObject({ ok: false, code: ErrorCode.TokenGrantMissing });
  });
});

describe('tokens are verified as strictly as they are issued', () => {
  const now = () => Math.floor(Date.now() / 1000);
  /** A token signed with the service's secret, with exactly these claims. */
  const signed = (claims: Record<string, unknown>) =>
    new SignJWT({
      sub: 'alice',
      grants: ['conversations'],
      aud: 'rx-conversations',
      iat: now(),
      exp: now() + 600,
      ...claims
    })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(secret);

  it('accepts a token with every claim right', async () => {
    expect(await service.verify(await signed({}))).toMatchObject({ ok: true, identity: 'alice' });
    expect(decodeJwt(await service.issue('alice'))).toMatchObject({ aud: 'rx-conversations', iat: expect.any(Number) });
  });

  it.each([
    [
      'a lifetime (exp − iat) over the longest the server issues',
      { iat: now() - 10, exp: now() - 10 + 86_401 },
      /longer than this server allows/
    ],
    ['an iat in the future beyond the clock skew', { iat: now() + 120 }, /issued in the future/],
    ['no iat', { iat: undefined }, /no 'iat'/],
    ['an nbf in the future', { nbf: now() + 120 }, /not valid yet/],
    ['no audience', { aud: undefined }, /not meant for this service/],
    ["another service's audience", { aud: 'another-service' }, /not meant for this service/],
    ['an identity that is not text', { sub: 'al\ud800ice' }, /valid Unicode text/]
  ])('refuses %s with TokenInvalid', async (_, claims, message) => {
    expect(await service.verify(await signed(claims))).toMatchObject({
      ok: false,
      code: ErrorCode.TokenInvalid,
      message: expect.stringMatching(message)
    });
  });

  it('allows a small clock skew on iat and nbf, none on exp', async () => {
    expect(await service.verify(await signed({ iat: now() + 30, nbf: now() + 30 }))).toMatchObject({ ok: true });
    expect(await service.verify(await signed({ exp: now() - 1 }))).toMatchObject({
      ok: false,
      code: ErrorCode.TokenExpired
    });
  });

  it('issues and accepts its own audience when it has one', async () => {
    const own = createTokenService({
      secret,
      url: () => 'ws://example.test/v1/ws',
      defaultTtlSeconds: 60,
      maxTtlSeconds: 600,
      audience: 'chat-eu'
    });
    expect(decodeJwt(await own.issue('alice'))).toMatchObject({ aud: 'chat-eu' });
    expect(await own.verify(await own.issue('alice'))).toMatchObject({ ok: true });
    expect(await own.verify(await service.issue('alice', { ttlSeconds: 60 }))).toMatchObject({
      ok: false,
      code: ErrorCode.TokenInvalid
    });
    expect(await service.verify(await own.issue('alice'))).toMatchObject({ ok: false, code: ErrorCode.TokenInvalid });
  });
});

import { SignJWT, decodeJwt } from 'jose';
import { ErrorCode } from '../../../lib/protocol';
import { createTokenService } from '../../../lib/server/auth/tokens';

const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
const service = createTokenService({ secret, url: () => 'ws://example.test/v1/ws', defaultTtlSeconds: 3600, maxTtlSeconds: 86400 });
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
    const forged = await sign({ sub: 'alice', grants: ['conversations'] }, new TextEncoder().encode('another-secret-another-secret!!'));
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

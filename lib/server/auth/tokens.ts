import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { CONVERSATIONS_GRANT, ErrorCode, LIMITS, TokenClaims, decode } from '../../protocol';

/** What `issueToken` accepts besides the identity. */
export interface IssueTokenOptions {
  /** Lifetime in seconds. Default: the server's `defaultTokenTtlSeconds`. */
  ttlSeconds?: number;
  /** Grants carried by the token. Default `['conversations']`. */
  grants?: string[];
}

/** The outcome of checking a token. */
export type VerifiedToken =
  | { ok: true; identity: string; expiresAt: number; claims: TokenClaims }
  | { ok: false; code: ErrorCode; message: string };

/** Issues and verifies the service's access tokens (JWT, HS256). */
export interface TokenService {
  issue(identity: string, options?: IssueTokenOptions): Promise<string>;
  verify(token: string): Promise<VerifiedToken>;
}

/** Settings of a {@link TokenService}. */
export interface TokenServiceOptions {
  secret: Uint8Array;
  /** The public WebSocket URL carried in the `url` claim. */
  url: () => string;
  defaultTtlSeconds: number;
  maxTtlSeconds: number;
}

/** Creates the token service for one secret. */
export function createTokenService(options: TokenServiceOptions): TokenService {
  return {
    async issue(identity, { ttlSeconds = options.defaultTtlSeconds, grants = [CONVERSATIONS_GRANT] } = {}) {
      if (identity.length < 1 || identity.length > LIMITS.maxIdentityLength) {
        throw new RangeError(`identity must be 1 to ${LIMITS.maxIdentityLength} characters`);
      }
      if (!Number.isFinite(ttlSeconds) || ttlSeconds > options.maxTtlSeconds) {
        throw new RangeError(`ttlSeconds must be at most ${options.maxTtlSeconds}`);
      }
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ grants, url: options.url() })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(identity)
        .setIssuedAt(now)
        .setExpirationTime(now + Math.floor(ttlSeconds))
        .sign(options.secret);
    },

    async verify(token) {
      let payload: unknown;
      try {
        payload = (await jwtVerify(token, options.secret, { algorithms: ['HS256'] })).payload;
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) {
          return { ok: false, code: ErrorCode.TokenExpired, message: 'The token has expired' };
        }
        return { ok: false, code: ErrorCode.TokenInvalid, message: 'The token is malformed or its signature does not verify' };
      }
      const claims = decode(TokenClaims, payload);
      if (!claims.ok) return { ok: false, code: ErrorCode.TokenInvalid, message: `The token's claims are invalid: ${claims.message}` };
      const { sub, exp, grants } = claims.value;
      if (sub.length < 1 || sub.length > LIMITS.maxIdentityLength) {
        return { ok: false, code: ErrorCode.TokenInvalid, message: 'The token identity is empty or too long' };
      }
      if (!grants.includes(CONVERSATIONS_GRANT)) {
        return { ok: false, code: ErrorCode.TokenGrantMissing, message: `The token has no '${CONVERSATIONS_GRANT}' grant` };
      }
      return { ok: true, identity: sub, expiresAt: exp * 1000, claims: claims.value };
    }
  };
}

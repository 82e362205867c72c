import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import {
  CONVERSATIONS_GRANT,
  DEFAULT_TOKEN_AUDIENCE,
  ErrorCode,
  LIMITS,
  TOKEN_CLOCK_SKEW_SECONDS,
  TokenClaims,
  decode,
  isText
} from '../../protocol';

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
  /** The longest lifetime (`exp − iat`) a token is issued with, and accepted with. */
  maxTtlSeconds: number;
  /** The `aud` claim tokens are issued with and must carry. Default {@link DEFAULT_TOKEN_AUDIENCE}. */
  audience?: string;
}

const invalid = (message: string): VerifiedToken => ({ ok: false, code: ErrorCode.TokenInvalid, message });

/** Why jose refused a token, in words for the client. */
function refusal(error: unknown): VerifiedToken {
  if (error instanceof joseErrors.JWTExpired)
    return { ok: false, code: ErrorCode.TokenExpired, message: 'The token has expired' };
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return invalid('The token is not valid yet (nbf)');
    if (error.reason === 'missing') return invalid(`The token has no '${error.claim}' claim`);
    return invalid(`The token's '${error.claim}' claim is invalid`);
  }
  return invalid('The token is malformed or its signature does not verify');
}

/**
 * Creates the token service for one secret. Verification is as strict as issuing: the signature,
 * the audience, `exp` (no leeway), `nbf` and `iat` (at most {@link TOKEN_CLOCK_SKEW_SECONDS} in
 * the future), a lifetime `exp − iat` of at most `maxTtlSeconds`, an identity of 1 to
 * `maxIdentityLength` characters of valid text, and the `conversations` grant.
 */
export function createTokenService(options: TokenServiceOptions): TokenService {
  const audience = options.audience ?? DEFAULT_TOKEN_AUDIENCE;
  return {
    async issue(identity, { ttlSeconds = options.defaultTtlSeconds, grants = [CONVERSATIONS_GRANT] } = {}) {
      if (identity.length < 1 || identity.length > LIMITS.maxIdentityLength || !isText(identity)) {
        throw new RangeError(`identity must be 1 to ${LIMITS.maxIdentityLength} characters of valid Unicode text`);
      }
      if (!Number.isFinite(ttlSeconds) || ttlSeconds > options.maxTtlSeconds) {
        throw new RangeError(`ttlSeconds must be at most ${options.maxTtlSeconds}`);
      }
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ grants, url: options.url() })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(identity)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(now + Math.floor(ttlSeconds))
        .sign(options.secret);
    },

    async verify(token) {
      let payload: unknown;
      try {
        payload = (
          await jwtVerify(token, options.secret, {
            algorithms: ['HS256'],
            requiredClaims: ['exp', 'sub'],
            clockTolerance: TOKEN_CLOCK_SKEW_SECONDS
          })
        ).payload;
      } catch (error) {
        return refusal(error);
      }
      const claims = decode(TokenClaims, payload);
      if (!claims.ok) return invalid(`The token's claims are invalid: ${claims.message}`);
      const { sub, exp, iat, aud, grants } = claims.value;
      // the skew is for `nbf` and `iat` only: a token is expired at `exp`, as its session is
      if (exp * 1000 <= Date.now())
        return { ok: false, code: ErrorCode.TokenExpired, message: 'The token has expired' };
      if (!(Array.isArray(aud) ? aud : [aud]).includes(audience)) {
        return invalid(`The token is not meant for this service: its audience (aud) must be '${audience}'`);
      }
      if (iat === undefined) return invalid("The token has no 'iat' claim: its lifetime cannot be checked");
      if (iat > Date.now() / 1000 + TOKEN_CLOCK_SKEW_SECONDS)
        return invalid('The token was issued in the future (iat)');
      if (exp - iat > options.maxTtlSeconds) {
        return invalid(
          `The token lives longer than this server allows: exp − iat must be at most ${options.maxTtlSeconds} s`
        );
      }
      if (sub.length < 1 || sub.length > LIMITS.maxIdentityLength || !isText(sub)) {
        return invalid(`The token identity must be 1 to ${LIMITS.maxIdentityLength} characters of valid Unicode text`);
      }
      if (!grants.includes(CONVERSATIONS_GRANT)) {
        return {
          ok: false,
          code: ErrorCode.TokenGrantMissing,
          message: `The token has no '${CONVERSATIONS_GRANT}' grant`
        };
      }
      return { ok: true, identity: sub, expiresAt: exp * 1000, claims: claims.value };
    }
  };
}

import { CONVERSATIONS_GRANT, decode, ErrorCode, TokenClaims } from '../../protocol';
import { ConversationsError, badArgument } from '../errors';

/**
 * Reads the claims of an access token without verifying it (the server does that): identity,
 * expiry and the service URL. Throws a `TokenInvalid` error for anything that is not a JWT with
 * our claims.
 */
export function readToken(token: unknown): TokenClaims {
  if (typeof token !== 'string') throw badArgument('Client', 'token', 'an access token (a JWT string)', token);
  if (token.length === 0)
    throw new ConversationsError(ErrorCode.TokenInvalid, 'A valid access token should be provided');
  const parts = token.split('.');
  if (parts.length !== 3) throw new ConversationsError(ErrorCode.TokenInvalid, 'The access token is not a JWT');
  let payload: unknown;
  try {
    payload = JSON.parse(base64UrlDecode(parts[1]));
  } catch {
    throw new ConversationsError(ErrorCode.TokenInvalid, 'The access token payload is not JSON');
  }
  const claims = decode(TokenClaims, payload);
  if (!claims.ok)
    throw new ConversationsError(ErrorCode.TokenInvalid, `The access token is malformed: ${claims.message}`);
  if (!claims.value.grants.includes(CONVERSATIONS_GRANT)) {
    throw new ConversationsError(ErrorCode.TokenGrantMissing, 'The access token has no conversations grant');
  }
  return claims.value;
}

/** The service URLs a token names, in order. */
export function tokenUrls(claims: TokenClaims): string[] {
  if (claims.url === undefined) return [];
  return Array.isArray(claims.url) ? claims.url : [claims.url];
}

function base64UrlDecode(text: string): string {
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

import * as t from 'io-ts';
import { union, intersection } from './combinators';

/** The grant a token needs to use the Conversations service. */
export const CONVERSATIONS_GRANT = 'conversations';

/** The audience (`aud`) of a service's tokens unless it is given one of its own. */
export const DEFAULT_TOKEN_AUDIENCE = 'rx-conversations';

/** How far a token's `iat` and `nbf` may be in the future, in seconds: clocks differ a little. */
export const TOKEN_CLOCK_SKEW_SECONDS = 60;

/**
 * The claims of an access token (a JWT signed HS256 by the server): identity in `sub`, when it
 * was issued (`iat`) and when it expires (`exp`, seconds since the epoch), optionally from when it
 * is valid (`nbf`), the service it is meant for (`aud`), grants, and the service's public
 * WebSocket URL (`url`), so that a client given only a token knows where to connect.
 */
export const TokenClaims = intersection([
  t.type({ sub: t.string, exp: t.number, grants: t.array(t.string) }),
  t.partial({
    iat: t.number,
    nbf: t.number,
    aud: union([t.string, t.array(t.string)]),
    url: union([t.string, t.array(t.string)]),
    jti: t.string
  })
]);
/** The claims of an access token. */
export type TokenClaims = t.TypeOf<typeof TokenClaims>;

import * as t from 'io-ts';

/** The grant a token needs to use the Conversations service. */
export const CONVERSATIONS_GRANT = 'conversations';

/**
 * The claims of an access token (a JWT signed HS256 by the server): identity in `sub`,
 * expiry in `exp` (seconds since the epoch), grants, and the service's public WebSocket URL
 * (`url`), so that a client given only a token knows where to connect.
 */
export const TokenClaims = t.intersection([
  t.type({ sub: t.string, exp: t.number, grants: t.array(t.string) }),
  t.partial({ iat: t.number, url: t.union([t.string, t.array(t.string)]), jti: t.string })
]);
/** The claims of an access token. */
export type TokenClaims = t.TypeOf<typeof TokenClaims>;

import type { IncomingMessage, ServerResponse } from 'node:http';
import * as t from 'io-ts';
import { ErrorCode, LIMITS, boundedString, decode, wireError } from '../../protocol';
import type { TokenService } from '../auth/tokens';
import { hasAdminKey } from './admin-auth';
import { readBody, sendJson } from './respond';

const TokenRequest = t.intersection([
  t.type({ identity: boundedString(LIMITS.maxIdentityLength, 1) }),
  t.partial({ ttlSeconds: t.number })
]);

/**
 * `POST /v1/admin/tokens` with `Authorization: Bearer <adminKey>` and `{identity, ttlSeconds?}`:
 * answers `{token}`. 401 without the right key; 400 on a bad body.
 */
export async function adminTokens(
  req: IncomingMessage,
  res: ServerResponse,
  adminKey: string,
  tokens: TokenService,
  maxTtlSeconds: number
): Promise<void> {
  if (!hasAdminKey(req, adminKey)) {
    return sendJson(res, 401, { error: wireError(ErrorCode.TokenInvalid, 'A valid admin key is required') });
  }
  const text = await readBody(req, 16 * 1024);
  if (text === null) return sendJson(res, 413, { error: wireError(ErrorCode.TooLarge, 'The body is too large') });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return sendJson(res, 400, { error: wireError(ErrorCode.BadRequest, 'The body is not valid JSON') });
  }
  const request = decode(TokenRequest, body);
  if (!request.ok) return sendJson(res, 400, { error: wireError(ErrorCode.BadRequest, request.message, request.path) });
  const ttl = request.value.ttlSeconds;
  if (ttl !== undefined && (ttl <= 0 || ttl > maxTtlSeconds)) {
    return sendJson(res, 400, { error: wireError(ErrorCode.BadRequest, `ttlSeconds must be in 1..${maxTtlSeconds}`, 'ttlSeconds') });
  }
  const token = await tokens.issue(request.value.identity, ttl === undefined ? {} : { ttlSeconds: ttl });
  sendJson(res, 200, { token });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import * as t from 'io-ts';
import { ErrorCode, LIMITS, boundedString, wireError } from '../../protocol';
import type { TokenService } from '../auth/tokens';
import { hasAdminKey } from './admin-auth';
import { readJson, sendJson } from './respond';

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
  const request = await readJson(req, res, TokenRequest, 16 * 1024);
  if (request === undefined) return;
  const ttl = request.ttlSeconds;
  if (ttl !== undefined && (ttl <= 0 || ttl > maxTtlSeconds)) {
    return sendJson(res, 400, { error: wireError(ErrorCode.BadRequest, `ttlSeconds must be in 1..${maxTtlSeconds}`, 'ttlSeconds') });
  }
  const token = await tokens.issue(request.identity, ttl === undefined ? {} : { ttlSeconds: ttl });
  sendJson(res, 200, { token });
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, wireError } from '../../protocol';
import type { Authenticator, Caller, Scope } from '../domain/api-keys';
import { type BucketSettings, TokenBucket } from '../socket/rate-limit';
import { sendError } from './http-errors';

/** Who may call the API, and how often: API keys, each with its own bucket of requests. */
export interface ApiGate extends Authenticator {
  /** Takes a request from `caller`'s bucket: 0 when it may go, else the milliseconds until it may. */
  admit(caller: Caller): number;
}

/** Most keys whose buckets are kept; past it, the full ones are forgotten. */
const MAX_BUCKETS = 10_000;

/** `auth` with a request bucket per API key (`ratePerSecond` 0: no limit). */
export function apiGate(auth: Authenticator, settings: BucketSettings): ApiGate {
  const buckets = new Map<string, TokenBucket>();
  return {
    authenticate: (secret) => auth.authenticate(secret),
    admit(caller) {
      const now = performance.now();
      let bucket = buckets.get(caller.keySid);
      if (!bucket) {
        if (buckets.size >= MAX_BUCKETS) for (const [sid, b] of buckets) if (b.full(now)) buckets.delete(sid);
        buckets.set(caller.keySid, (bucket = new TokenBucket(settings, now)));
      }
      const wait = bucket.wait(now);
      if (wait === 0) bucket.take(now);
      return wait;
    }
  };
}

/** The token of an `Authorization: Bearer <token>` header, or '' when there is none. */
export function bearerToken(request: FastifyRequest): string {
  const auth = request.headers.authorization ?? '';
  return auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key the request authenticated with (set by {@link requireScope}). */
    caller?: Caller;
  }
}

/**
 * An `onRequest` hook (before the body is read) that lets a request through when it carries
 * `Authorization: Bearer <key>` of a key with `scope`: 401 (`TokenInvalid`) without a valid key,
 * 403 (`Forbidden`) without the scope, 429 (`RateLimited`, with `Retry-After`) when the key is over
 * its rate.
 */
export function requireScope(auth: ApiGate, scope: Scope) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const caller = await auth.authenticate(bearerToken(request));
    if (!caller) {
      await sendError(
        reply,
        wireError(ErrorCode.TokenInvalid, 'A valid API key is required: Authorization: Bearer <key>')
      );
      return;
    }
    if (!caller.scopes.has(scope)) {
      await sendError(reply, wireError(ErrorCode.Forbidden, `This API key lacks the '${scope}' scope`));
      return;
    }
    const wait = auth.admit(caller);
    if (wait > 0) {
      reply.header('retry-after', String(Math.ceil(wait / 1000)));
      await sendError(reply, wireError(ErrorCode.RateLimited, `This API key is over its rate; retry in ${wait} ms`));
      return;
    }
    request.caller = caller;
  };
}

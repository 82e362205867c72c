import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, wireError } from '../../protocol';
import { sendError } from './http-errors';

/** What an API key may do: `read` resources, `write` them, `admin`: keys, tokens, templates, roles, webhooks. */
export type Scope = 'read' | 'write' | 'admin';

/** Who a REST request authenticated as. */
export interface Caller {
  /** The key's sid, or `admin` for the server's admin key. */
  readonly keySid: string;
  readonly scopes: ReadonlySet<Scope>;
}

/** Finds the caller a presented secret belongs to. */
export interface Authenticator {
  /** The caller of `secret`, or null when no key matches. */
  authenticate(secret: string): Promise<Caller | null>;
}

/** The token of an `Authorization: Bearer <token>` header, or '' when there is none. */
export function bearerToken(request: FastifyRequest): string {
  const auth = request.headers.authorization ?? '';
  return auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
}

function sameKey(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The server's admin key (`adminKey`), when one is set: a key with every scope, compared in constant time. */
export function adminKeyAuthenticator(adminKey: string | undefined): Authenticator {
  const caller: Caller = { keySid: 'admin', scopes: new Set<Scope>(['read', 'write', 'admin']) };
  return {
    async authenticate(secret) {
      return adminKey !== undefined && secret !== '' && sameKey(secret, adminKey) ? caller : null;
    }
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key the request authenticated with (set by {@link requireScope}). */
    caller?: Caller;
  }
}

/**
 * A `preHandler` that lets a request through when it carries `Authorization: Bearer <key>` of a
 * key with `scope`: 401 (`TokenInvalid`) without a valid key, 403 (`Forbidden`) without the scope.
 */
export function requireScope(auth: Authenticator, scope: Scope) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const caller = await auth.authenticate(bearerToken(request));
    if (!caller) {
      await sendError(reply, wireError(ErrorCode.TokenInvalid, 'A valid API key is required: Authorization: Bearer <key>'));
      return;
    }
    if (!caller.scopes.has(scope)) {
      await sendError(reply, wireError(ErrorCode.Forbidden, `This API key lacks the '${scope}' scope`));
      return;
    }
    request.caller = caller;
  };
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, wireError } from '../../protocol';
import type { Authenticator, Caller, Scope } from '../domain/api-keys';
import { sendError } from './http-errors';

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
 * 403 (`Forbidden`) without the scope.
 */
export function requireScope(auth: Authenticator, scope: Scope) {
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
    request.caller = caller;
  };
}

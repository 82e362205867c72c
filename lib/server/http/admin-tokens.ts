import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorCode, LIMITS } from '../../protocol';
import type { TokenService } from '../auth/tokens';
import { DomainError } from '../domain/errors';
import { type ApiGate, requireScope } from './api-auth';
import { ErrorBody } from './schemas';

const TokenRequest = Type.Object(
  {
    identity: Type.String({ minLength: 1, maxLength: LIMITS.maxIdentityLength }),
    ttlSeconds: Type.Optional(Type.Number({ description: 'Lifetime; default the server’s defaultTokenTtlSeconds' }))
  },
  { additionalProperties: false }
);

const TokenAnswer = Type.Object({ token: Type.String() });

/** What the token endpoint needs. */
export interface AdminTokensDeps {
  auth: ApiGate;
  tokens: TokenService;
  maxTtlSeconds: number;
}

/**
 * `POST /v1/admin/tokens` with an admin-scoped key and `{identity, ttlSeconds?}`: answers
 * `{token}`. 401 without a valid key; 400 on a bad body.
 */
export const adminTokenRoutes: FastifyPluginAsyncTypebox<AdminTokensDeps> = async (
  app,
  { auth, tokens, maxTtlSeconds }
) => {
  app.post(
    '/v1/admin/tokens',
    {
      onRequest: requireScope(auth, 'admin'),
      schema: {
        tags: ['admin'],
        summary: 'Issue an access token for an identity',
        security: [{ apiKey: [] }],
        body: TokenRequest,
        response: { 200: TokenAnswer, '4xx': ErrorBody }
      }
    },
    async (request, reply) => {
      const { identity, ttlSeconds } = request.body;
      if (ttlSeconds !== undefined && (ttlSeconds <= 0 || ttlSeconds > maxTtlSeconds)) {
        throw new DomainError(ErrorCode.BadRequest, `ttlSeconds must be in 1..${maxTtlSeconds}`, 'ttlSeconds');
      }
      const token = await tokens.issue(identity, ttlSeconds === undefined ? {} : { ttlSeconds });
      return reply.header('cache-control', 'no-store').send({ token });
    }
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { conversationRoutes } from './conversations';
import { messageRoutes } from './messages';
import { participantRoutes } from './participants';
import { reactionRoutes } from './reactions';
import { roleRoutes } from './roles';
import type { RestDeps } from './rest-deps';
import { userRoutes } from './users';
import { webhookRoutes } from './webhooks';

/**
 * The REST API for backends under `/v1` (docs/rest-api.md): every route needs an API key with the scope its method
 * asks.
 */
export const restRoutes: FastifyPluginAsyncTypebox<RestDeps> = async (app, deps) => {
  await app.register(conversationRoutes, deps);
  await app.register(participantRoutes, deps);
  await app.register(messageRoutes, deps);
  await app.register(reactionRoutes, deps);
  await app.register(userRoutes, deps);
  await app.register(roleRoutes, deps);
  await app.register(webhookRoutes, deps);
};

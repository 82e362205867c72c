import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { backendActor } from '../../domain/access';
import { listMyConversations } from '../../domain/conversations';
import * as users from '../../domain/users';
import { requireScope } from '../api-auth';
import { ErrorBody } from '../schemas';
import { asCommand, renamed } from './command-args';
import type { RestDeps } from './rest-deps';
import { pageMeta, userConversationResource, userResource } from './resources';
import { CreateUser, PageQuery, UpdateUser, User, UserConversation, UserParams, page } from './schemas';

/** Users, by identity: create with a profile, fetch, update friendly name and attributes (POST), list their conversations. */
export const userRoutes: FastifyPluginAsyncTypebox<RestDeps> = async (app, { ctx, auth, baseUrl }) => {
  const read = requireScope(auth, 'read');
  const write = requireScope(auth, 'write');
  const common = { tags: ['users'], security: [{ apiKey: [] }] };

  app.post(
    '/v1/Users',
    { preHandler: write, schema: { ...common, summary: 'Create a user', body: CreateUser, response: { 201: User, '4xx': ErrorBody } } },
    async (request, reply) => {
      const body = request.body;
      const { record, user } = await asCommand('updateUser', { friendlyName: body.FriendlyName, attributes: body.Attributes }, (args) =>
        users.createUser(ctx, body.Identity, args)
      );
      return reply.code(201).send(userResource(baseUrl(), record, user));
    }
  );

  app.get(
    '/v1/Users/:Identity',
    { preHandler: read, schema: { ...common, summary: 'Fetch a user', params: UserParams, response: { 200: User, '4xx': ErrorBody } } },
    async (request) => {
      const { record, user } = await renamed(() => users.fetchUser(ctx, request.params.Identity));
      return userResource(baseUrl(), record, user);
    }
  );

  app.post(
    '/v1/Users/:Identity',
    {
      preHandler: write,
      schema: { ...common, summary: "Update a user's friendly name or attributes", params: UserParams, body: UpdateUser, response: { 200: User, '4xx': ErrorBody } }
    },
    async (request) => {
      const { Identity: identity } = request.params;
      await renamed(() => users.fetchUser(ctx, identity));
      await asCommand('updateUser', { friendlyName: request.body.FriendlyName, attributes: request.body.Attributes }, (args) =>
        users.updateUser(ctx, backendActor(), identity, args)
      );
      const { record, user } = await users.fetchUser(ctx, identity);
      return userResource(baseUrl(), record, user);
    }
  );

  app.get(
    '/v1/Users/:Identity/Conversations',
    {
      preHandler: read,
      schema: {
        ...common,
        summary: "A user's conversations, latest activity first, with their own view (unread count, horizon)",
        params: UserParams,
        querystring: PageQuery,
        response: { 200: page('conversations', UserConversation), '4xx': ErrorBody }
      }
    },
    async (request) => {
      const { Identity: identity } = request.params;
      const pageSize = request.query.PageSize ?? 50;
      await renamed(() => users.fetchUser(ctx, identity));
      const { items, nextCursor } = await asCommand('listMyConversations', { cursor: request.query.PageToken ?? null, pageSize }, (args) =>
        listMyConversations(ctx, identity, args)
      );
      return {
        conversations: items.map((item) => userConversationResource(baseUrl(), identity, item)),
        meta: pageMeta('conversations', pageSize, `${baseUrl()}${request.url}`, nextCursor)
      };
    }
  );
};

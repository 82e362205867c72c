import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { backendActor } from '../../domain/access';
import type { DomainContext } from '../../domain/context';
import { DEFAULT_SERVICE_ROLE } from '../../domain/permissions';
import { findRole, setServiceRole } from '../../domain/roles';
import { listMyConversations } from '../../domain/conversations';
import * as users from '../../domain/users';
import { requireScope } from '../api-auth';
import { ErrorBody } from '../schemas';
import { asCommand, renamed } from './command-args';
import type { RestDeps } from './rest-deps';
import { pageMeta, userConversationResource, userResource } from './resources';
import { CreateUser, PageQuery, UpdateUser, User, UserConversationPage, UserParams } from './schemas';

/** A user as the REST API shows it, with the sid of their service role. */
async function show(ctx: DomainContext, base: string, identity: string) {
  const { record, user } = await renamed(() => users.fetchUser(ctx, identity));
  const role = await findRole(ctx, record.role ?? DEFAULT_SERVICE_ROLE).catch(() => null);
  return userResource(base, record, user, role?.sid ?? null);
}

/**
 * Users, by identity: create with a profile, fetch, update friendly name and attributes (POST), list their
 * conversations.
 */
export const userRoutes: FastifyPluginAsyncTypebox<RestDeps> = async (app, { ctx, auth, baseUrl }) => {
  const read = requireScope(auth, 'read');
  const write = requireScope(auth, 'write');
  const common = { tags: ['users'], security: [{ apiKey: [] }] };

  app.post(
    '/v1/Users',
    {
      onRequest: write,
      schema: { ...common, summary: 'Create a user', body: CreateUser, response: { 201: User, '4xx': ErrorBody } }
    },
    async (request, reply) => {
      const body = request.body;
      await asCommand('updateUser', { friendlyName: body.FriendlyName, attributes: body.Attributes }, (args) =>
        users.createUser(ctx, body.Identity, args)
      );
      if (body.RoleSid !== undefined) {
        const role = body.RoleSid;
        await renamed(() => setServiceRole(ctx, body.Identity, role));
      }
      return reply.code(201).send(await show(ctx, baseUrl(), body.Identity));
    }
  );

  app.get(
    '/v1/Users/:Identity',
    {
      onRequest: read,
      schema: { ...common, summary: 'Fetch a user', params: UserParams, response: { 200: User, '4xx': ErrorBody } }
    },
    async (request) => show(ctx, baseUrl(), request.params.Identity)
  );

  app.post(
    '/v1/Users/:Identity',
    {
      onRequest: write,
      schema: {
        ...common,
        summary: "Update a user's friendly name or attributes",
        params: UserParams,
        body: UpdateUser,
        response: { 200: User, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const { Identity: identity } = request.params;
      const { FriendlyName: friendlyName, Attributes: attributes, RoleSid: role } = request.body;
      await renamed(() => users.fetchUser(ctx, identity));
      await asCommand('updateUser', { friendlyName, attributes }, (args) =>
        users.updateUser(ctx, backendActor(), identity, args)
      );
      if (role !== undefined) await renamed(() => setServiceRole(ctx, identity, role));
      return show(ctx, baseUrl(), identity);
    }
  );

  app.get(
    '/v1/Users/:Identity/Conversations',
    {
      onRequest: read,
      schema: {
        ...common,
        summary: "A user's conversations, latest activity first, with their own view (unread count, horizon)",
        params: UserParams,
        querystring: PageQuery,
        response: { 200: UserConversationPage, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const { Identity: identity } = request.params;
      const pageSize = request.query.PageSize ?? 50;
      await renamed(() => users.fetchUser(ctx, identity));
      const { items, nextCursor } = await asCommand(
        'listMyConversations',
        { cursor: request.query.PageToken ?? null, pageSize },
        (args) => listMyConversations(ctx, identity, args)
      );
      return {
        conversations: items.map((item) => userConversationResource(baseUrl(), identity, item)),
        meta: pageMeta('conversations', pageSize, `${baseUrl()}${request.url}`, nextCursor)
      };
    }
  );
};

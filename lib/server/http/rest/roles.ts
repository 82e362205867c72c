import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import * as roles from '../../domain/roles';
import { requireScope } from '../api-auth';
import { ErrorBody, NoContent } from '../schemas';
import { renamed } from './command-args';
import type { RestDeps } from './rest-deps';
import { pageMeta, roleResource } from './resources';
import { CreateRole, Role, RolePage, RoleParams, UpdateRole } from './schemas';

/**
 * Roles: the defaults (`service user`, `service admin`, and the conversation roles `user` and
 * `admin`) and the service's own. Anyone with `read` lists and fetches them; creating, changing
 * permissions (POST) and deleting take `admin`.
 */
export const roleRoutes: FastifyPluginAsyncTypebox<RestDeps> = async (app, { ctx, auth, baseUrl }) => {
  const read = requireScope(auth, 'read');
  const admin = requireScope(auth, 'admin');
  const common = { tags: ['roles'], security: [{ apiKey: [] }] };

  app.post(
    '/v1/Roles',
    {
      onRequest: admin,
      schema: { ...common, summary: 'Create a role', body: CreateRole, response: { 201: Role, '4xx': ErrorBody } }
    },
    async (request, reply) => {
      const { FriendlyName: friendlyName, Type: type, Permission: permissions } = request.body;
      return reply
        .code(201)
        .send(roleResource(baseUrl(), await renamed(() => roles.createRole(ctx, { friendlyName, type, permissions }))));
    }
  );

  app.get(
    '/v1/Roles',
    {
      onRequest: read,
      schema: { ...common, summary: 'List the roles', response: { 200: RolePage, '4xx': ErrorBody } }
    },
    async (request) => {
      const items = await roles.listRoles(ctx);
      return {
        roles: items.map((role) => roleResource(baseUrl(), role)),
        meta: pageMeta('roles', items.length, `${baseUrl()}${request.url}`, null)
      };
    }
  );

  app.get(
    '/v1/Roles/:Sid',
    {
      onRequest: read,
      schema: {
        ...common,
        summary: 'Fetch a role by sid or name',
        params: RoleParams,
        response: { 200: Role, '4xx': ErrorBody }
      }
    },
    async (request) => roleResource(baseUrl(), await renamed(() => roles.findRole(ctx, request.params.Sid, 'Sid')))
  );

  app.post(
    '/v1/Roles/:Sid',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: "Replace a role's permissions",
        params: RoleParams,
        body: UpdateRole,
        response: { 200: Role, '4xx': ErrorBody }
      }
    },
    async (request) =>
      roleResource(baseUrl(), await renamed(() => roles.updateRole(ctx, request.params.Sid, request.body.Permission)))
  );

  app.delete(
    '/v1/Roles/:Sid',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Delete a role nobody holds',
        params: RoleParams,
        response: { 204: NoContent, '4xx': ErrorBody }
      }
    },
    async (request, reply) => {
      await renamed(() => roles.deleteRole(ctx, request.params.Sid));
      return reply.code(204).send(null);
    }
  );
};

import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DomainContext } from '../domain/context';
import {
  MAX_TEMPLATE_VARIANTS_BYTES,
  TemplateInput,
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates
} from '../domain/templates';
import { type ApiGate, requireScope } from './api-auth';
import { ErrorBody, NoContent } from './schemas';

const Template = Type.Object({
  sid: Type.String(),
  friendlyName: Type.String(),
  variables: Type.Record(Type.String(), Type.String()),
  variants: Type.Record(Type.String(), Type.Unknown()),
  dateCreated: Type.Number(),
  dateUpdated: Type.Number()
});
const BySid = Type.Object({ sid: Type.String({ pattern: '^[A-Za-z0-9]{1,64}$' }) });
const TemplateList = Type.Object({ items: Type.Array(Template) });

/**
 * The content template admin API, for admin-scoped keys: `POST /v1/admin/templates`
 * `{friendlyName, variables?, variants}` → 201 the template; `GET /v1/admin/templates` →
 * `{items}`; `GET` / `DELETE /v1/admin/templates/<sid>` → the template / 204. 401 without a
 * key, 400 on a bad template naming the field, 404 for an unknown sid.
 */
export const adminTemplateRoutes: FastifyPluginAsyncTypebox<{ auth: ApiGate; ctx: DomainContext }> = async (
  app,
  { auth, ctx }
) => {
  app.addHook('onRequest', requireScope(auth, 'admin'));
  const common = { tags: ['admin'], security: [{ apiKey: [] }] };
  app.post(
    '/v1/admin/templates',
    {
      bodyLimit: MAX_TEMPLATE_VARIANTS_BYTES + 16 * 1024,
      schema: {
        ...common,
        summary: 'Create a content template',
        body: TemplateInput,
        response: { 201: Template, '4xx': ErrorBody }
      }
    },
    async (request, reply) => reply.code(201).send(await createTemplate(ctx, request.body))
  );
  app.get(
    '/v1/admin/templates',
    { schema: { ...common, summary: 'List the content templates', response: { 200: TemplateList, '4xx': ErrorBody } } },
    () => listTemplates(ctx)
  );
  app.get(
    '/v1/admin/templates/:sid',
    {
      schema: {
        ...common,
        summary: 'Fetch a content template',
        params: BySid,
        response: { 200: Template, '4xx': ErrorBody }
      }
    },
    (request) => getTemplate(ctx, request.params.sid)
  );
  app.delete(
    '/v1/admin/templates/:sid',
    {
      schema: {
        ...common,
        summary: 'Delete a content template',
        params: BySid,
        response: { 204: NoContent, '4xx': ErrorBody }
      }
    },
    async (request, reply) => {
      await deleteTemplate(ctx, request.params.sid);
      return reply.code(204).send(null);
    }
  );
};

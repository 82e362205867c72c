import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Ajv from 'ajv';
import Fastify, { type FastifyInstance } from 'fastify';
import { ErrorCode, PROTOCOL_VERSION, wireError } from '../../protocol';
import type { TokenService } from '../auth/tokens';
import type { DomainContext } from '../domain/context';
import type { Logger } from '../options';
import { adminTemplateRoutes } from './admin-templates';
import { adminTokenRoutes } from './admin-tokens';
import type { Authenticator } from '../domain/api-keys';
import { type HealthSource, healthRoutes } from './health';
import { errorHandler, sendError } from './http-errors';
import { mediaContentRoutes } from './media-content';
import { mediaUploadRoutes } from './media-upload';
import { restRoutes } from './rest';

/** What the HTTP routes need. */
export interface HttpDeps {
  health: HealthSource;
  tokens: TokenService;
  /** Who an API key belongs to. */
  auth: Authenticator;
  maxTokenTtlSeconds: number;
  logger: Logger;
  ctx: DomainContext;
  maxMediaBytes: number;
  mediaContentTypes: readonly string[];
  /** The server's public HTTP URL (resources' `url`s). */
  baseUrl: () => string;
}

/** Where the OpenAPI document is served. */
export const OPENAPI_PATH = '/v1/openapi.json';

/** JSON bodies are taken as they are; query strings and path parameters are text, read as numbers where a number is asked for. */
function validatorCompiler() {
  const options = { allErrors: false, useDefaults: false, removeAdditional: false, strict: false } as const;
  const body = new Ajv({ ...options, coerceTypes: false });
  const text = new Ajv({ ...options, coerceTypes: 'array' });
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) => (httpPart === 'body' ? body : text).compile(schema);
}

/**
 * The HTTP side of the server, on fastify: `GET /health`; `POST /v1/media` (upload) and
 * `GET /v1/media/<sid>/content` (temporary URLs), open to other origins; the admin endpoints
 * (`/v1/admin/tokens`, `/v1/admin/templates`) for admin-scoped keys; and the OpenAPI 3
 * document of them all at {@link OPENAPI_PATH}, generated from the schemas that validate the
 * requests. Every refusal is `{error: {code, message, status, path?}}`. The WebSocket gateway
 * attaches to the returned instance's `server` (one port).
 */
export async function createHttpServer(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, forceCloseConnections: true, return503OnClosing: true }).withTypeProvider<TypeBoxTypeProvider>();
  const routes: Route[] = [];
  app.addHook('onRoute', (route) => {
    const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true;
    for (const method of [route.method].flat()) if (!hidden && method !== 'HEAD') routes.push({ method, url: route.url });
  });
  app.setValidatorCompiler(validatorCompiler());
  app.setErrorHandler(errorHandler(deps.logger));
  // bodies are JSON (media uploads, in their own scope, take any type)
  app.removeContentTypeParser('text/plain');
  // an empty JSON body is no body (a DELETE sent with a Content-Type); a route that needs one says so
  const json = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    body === '' ? done(null, undefined) : json(request, String(body), done)
  );
  app.setNotFoundHandler((_request, reply) => sendError(reply, wireError(ErrorCode.NotFound, 'Not found')));
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'rx-conversations',
        version: String(PROTOCOL_VERSION),
        description: 'The REST API for backends (docs/rest-api.md), media, and administration. Errors are `{error: {code, message, status, path?}}`.'
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (rx-conversations keys create) or the admin key' },
          accessToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A user access token' }
        }
      }
    }
  });
  await app.register(healthRoutes, { source: deps.health });
  await app.register(mediaUploadRoutes, deps);
  await app.register(mediaContentRoutes, { ctx: deps.ctx });
  await app.register(restRoutes, { ctx: deps.ctx, auth: deps.auth, baseUrl: deps.baseUrl });
  await app.register(adminTokenRoutes, { auth: deps.auth, tokens: deps.tokens, maxTtlSeconds: deps.maxTokenTtlSeconds });
  await app.register(adminTemplateRoutes, { auth: deps.auth, ctx: deps.ctx });
  app.get(
    OPENAPI_PATH,
    { schema: { tags: ['service'], summary: 'This document (OpenAPI 3)', response: { 200: { type: 'object', additionalProperties: true } } } },
    async (_request, reply) => reply.header('cache-control', 'no-store').send(app.swagger())
  );
  await app.ready();
  const missing = undocumented(app.swagger() as OpenApiPaths, routes);
  if (missing.length > 0) throw new Error(`routes missing from the OpenAPI document: ${missing.join(', ')}`);
  return app;
}

/** A route as registered: its method and URL pattern (`/v1/Conversations/:sid`). */
export interface Route {
  method: string;
  url: string;
}

/** The `paths` of an OpenAPI document: path (`/v1/Conversations/{sid}`) → method (lower case) → operation. */
export interface OpenApiPaths {
  paths?: Record<string, Record<string, unknown>>;
}

/** The routes (`GET /v1/...`) that the document does not describe. */
export function undocumented(doc: OpenApiPaths, routes: readonly Route[]): string[] {
  return routes
    .filter(({ method, url }) => doc.paths?.[url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[method.toLowerCase()] === undefined)
    .map(({ method, url }) => `${method} ${url}`);
}

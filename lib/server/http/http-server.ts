import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Ajv, { type ValidateFunction } from 'ajv';
import Fastify, { type FastifyInstance } from 'fastify';
import fastJson from 'fast-json-stringify';
import { ErrorCode, PROTOCOL_VERSION, wireError } from '../../protocol';
import type { TokenService } from '../auth/tokens';
import type { DomainContext } from '../domain/context';
import type { Logger } from '../options';
import { adminTemplateRoutes } from './admin-templates';
import { adminTokenRoutes } from './admin-tokens';
import type { ApiGate } from './api-auth';
import { type HealthSource, healthRoutes } from './health';
import { errorHandler, sendError } from './http-errors';
import { mediaContentRoutes } from './media-content';
import { mediaUploadRoutes } from './media-upload';
import { restRoutes } from './rest';
import type { RestDeps } from './rest/rest-deps';

/** What the HTTP routes need. */
export interface HttpDeps {
  health: HealthSource;
  tokens: TokenService;
  /** Who an API key belongs to, and its request rate. */
  auth: ApiGate;
  maxTokenTtlSeconds: number;
  logger: Logger;
  ctx: DomainContext;
  maxMediaBytes: number;
  mediaContentTypes: readonly string[];
  /** The server's public HTTP URL (resources' `url`s). */
  baseUrl: () => string;
  webhooks: RestDeps['webhooks'];
}

const serializers = new WeakMap<object, (data: unknown) => string>();

/** Compiles a route's response schema once per process, as {@link validatorFor} does its request schemas. */
function serializerFor({ schema }: { schema: object }): (data: unknown) => string {
  let serialize = serializers.get(schema);
  if (!serialize) serializers.set(schema, (serialize = fastJson(schema)));
  return serialize;
}

const OpenApiDocument = { type: 'object', additionalProperties: true, description: 'An OpenAPI 3 document' } as const;

/** Whether this process checked that every route is in the OpenAPI document. */
let documented = false;

/** Where the OpenAPI document is served. */
export const OPENAPI_PATH = '/v1/openapi.json';

const AJV_OPTIONS = { allErrors: false, useDefaults: false, removeAdditional: false, strict: false } as const;
/**
 * JSON bodies are taken as they are; query strings, headers and path parameters are text, read as numbers where a
 * number is asked for.
 */
const bodyAjv = new Ajv({ ...AJV_OPTIONS, coerceTypes: false });
const textAjv = new Ajv({ ...AJV_OPTIONS, coerceTypes: 'array' });
const validators = { body: new WeakMap<object, ValidateFunction>(), text: new WeakMap<object, ValidateFunction>() };

/**
 * Compiles a route's request schema once per process (schemas are module constants, so every
 * server of the process shares the compiled validators: compiling them is most of a start).
 */
function validatorFor({ schema, httpPart }: { schema: object; httpPart?: string }): ValidateFunction {
  const [ajv, cache] = httpPart === 'body' ? [bodyAjv, validators.body] : [textAjv, validators.text];
  let validate = cache.get(schema);
  if (!validate) cache.set(schema, (validate = ajv.compile(schema)));
  return validate;
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
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    return503OnClosing: true
  }).withTypeProvider<TypeBoxTypeProvider>();
  const routes: Route[] = [];
  app.addHook('onRoute', (route) => {
    const hidden = route.schema?.hide === true;
    for (const method of [route.method].flat())
      if (!hidden && method !== 'HEAD') routes.push({ method, url: route.url });
  });
  app.setValidatorCompiler(validatorFor);
  app.setSerializerCompiler(serializerFor);
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
        description:
          'The REST API for backends (docs/rest-api.md), media, and administration. ' +
          'Errors are `{error: {code, message, status, path?}}`.'
      },
      components: {
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key (rx-conversations keys create) or the admin key'
          },
          accessToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A user access token' }
        }
      }
    }
  });
  await app.register(healthRoutes, { source: deps.health });
  await app.register(mediaUploadRoutes, deps);
  await app.register(mediaContentRoutes, { ctx: deps.ctx });
  await app.register(restRoutes, { ctx: deps.ctx, auth: deps.auth, baseUrl: deps.baseUrl, webhooks: deps.webhooks });
  await app.register(adminTokenRoutes, {
    auth: deps.auth,
    tokens: deps.tokens,
    maxTtlSeconds: deps.maxTokenTtlSeconds
  });
  await app.register(adminTemplateRoutes, { auth: deps.auth, ctx: deps.ctx });
  app.get(
    OPENAPI_PATH,
    { schema: { tags: ['service'], summary: 'This document (OpenAPI 3)', response: { 200: OpenApiDocument } } },
    async (_request, reply) => reply.header('cache-control', 'no-store').send(app.swagger())
  );
  await app.ready();
  // the routes are the same for every server of the process: checked once
  if (!documented) {
    const missing = undocumented(app.swagger() as OpenApiPaths, routes);
    if (missing.length > 0) throw new Error(`routes missing from the OpenAPI document: ${missing.join(', ')}`);
    documented = true;
  }
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
    .filter(
      ({ method, url }) => doc.paths?.[url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[method.toLowerCase()] === undefined
    )
    .map(({ method, url }) => `${method} ${url}`);
}

import type { FastifyInstance } from 'fastify';

/** Headers that let a page on any origin call an endpoint that authenticates by token or signature. */
export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'content-length, content-type, content-disposition'
} as const;

/**
 * Opens the routes of `app` (an encapsulated plugin) to every origin: CORS headers on every answer,
 * errors included, and a preflight (`OPTIONS`) answered for `methods` on each of `paths`.
 */
export function openToAnyOrigin(app: FastifyInstance, paths: readonly string[], methods: string): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(CORS_HEADERS);
  });
  for (const url of paths) {
    app.options(url, { schema: { hide: true } }, async (_request, reply) =>
      reply
        .code(204)
        .headers({
          'access-control-allow-methods': methods,
          'access-control-allow-headers': 'authorization, content-type, x-media-filename',
          'access-control-max-age': '600'
        })
        .send()
    );
  }
}

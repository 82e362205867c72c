import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PROTOCOL_VERSION } from '../../protocol';

/** What `/health` reports. */
export interface HealthSource {
  sessions(): number;
  startedAt: number;
  closing(): boolean;
}

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('closing')]),
  protocol: Type.Integer({ description: 'The WebSocket protocol version' }),
  sessions: Type.Integer({ description: 'Open WebSocket sessions on this process' }),
  uptimeMs: Type.Integer()
});

/** `GET /health`: 200 `{status: 'ok'}` while serving, 503 `{status: 'closing'}` during shutdown. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ source: HealthSource }> = async (app, { source }) => {
  app.get(
    '/health',
    { schema: { tags: ['service'], summary: 'Whether the server is serving', response: { 200: Health, 503: Health } } },
    async (_request, reply) => {
      const closing = source.closing();
      return reply
        .code(closing ? 503 : 200)
        .header('cache-control', 'no-store')
        .send({
          status: closing ? 'closing' : 'ok',
          protocol: PROTOCOL_VERSION,
          sessions: source.sessions(),
          uptimeMs: Date.now() - source.startedAt
        });
    }
  );
};

import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorCode, wireError } from '../../protocol';
import type { DomainContext } from '../domain/context';
import { openToAnyOrigin } from './cors';
import { sendError } from './http-errors';
import { ErrorBody } from './schemas';

/** `inline; filename*=UTF-8''...`, so any filename survives. */
function disposition(filename: string | null): string {
  return filename === null ? 'inline' : `inline; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

const CONTENT_PATH = '/v1/media/:sid/content';
const ContentParams = Type.Object({ sid: Type.String({ pattern: '^[A-Za-z0-9]{1,64}$' }) });
const SignedQuery = Type.Object({ expires: Type.Optional(Type.String()), signature: Type.Optional(Type.String()) });
const Bytes = { description: 'The media bytes, with their Content-Type' };

/**
 * `GET /v1/media/<sid>/content?expires=...&signature=...`: the bytes of a media, for anyone holding
 * a temporary URL from `getMediaUrls`, from any origin (CORS). Refused: 403 (`Forbidden`) when the
 * signature does not match, 410 (`Expired`) once the URL expired, 404 once the media is gone.
 */
export const mediaContentRoutes: FastifyPluginAsyncTypebox<{ ctx: DomainContext }> = async (app, { ctx }) => {
  openToAnyOrigin(app, [CONTENT_PATH], 'GET, HEAD');
  app.get(
    CONTENT_PATH,
    {
      schema: {
        tags: ['media'],
        summary: 'The bytes of a media, by temporary URL (from the getMediaUrls command)',
        params: ContentParams,
        querystring: SignedQuery,
        response: { 200: Bytes, '4xx': ErrorBody }
      }
    },
    async (request, reply) => {
      const { sid } = request.params;
      const expires = Number(request.query.expires);
      if (!Number.isSafeInteger(expires) || !ctx.media.signer.verify(sid, expires, request.query.signature ?? '')) {
        return sendError(reply, wireError(ErrorCode.Forbidden, 'The URL signature is not valid'));
      }
      const now = ctx.now();
      if (now >= expires)
        return sendError(reply, wireError(ErrorCode.Expired, 'The URL has expired: ask for a new one'));
      const media = await ctx.storage.read((reader) => reader.getMedia(sid));
      const body = media && (await ctx.media.store.get(sid));
      if (!media || !body) return sendError(reply, wireError(ErrorCode.NotFound, 'Media not found'));
      reply.headers({
        'content-type': media.contentType,
        'content-length': media.size,
        'content-disposition': disposition(media.filename),
        'cache-control': `private, max-age=${Math.max(0, Math.floor((expires - now) / 1000))}`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox"
      });
      if (request.method === 'HEAD') {
        body.destroy();
        return reply.send();
      }
      return reply.send(body);
    }
  );
};

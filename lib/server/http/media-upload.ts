import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ErrorCode,
  MAX_MEDIA_FILENAME_LENGTH,
  MEDIA_FILENAME_HEADER,
  MEDIA_UPLOAD_PATH,
  wireError
} from '../../protocol';
import type { TokenService } from '../auth/tokens';
import type { DomainContext } from '../domain/context';
import { createMedia } from '../domain/media';
import { baseContentType, isAllowedContentType } from '../media/content-types';
import { bearerToken } from './api-auth';
import { openToAnyOrigin } from './cors';
import { sendError } from './http-errors';
import { ErrorBody } from './schemas';

/** What an upload needs. */
export interface UploadDeps {
  ctx: DomainContext;
  tokens: TokenService;
  maxMediaBytes: number;
  mediaContentTypes: readonly string[];
}

const Media = Type.Object({
  sid: Type.String(),
  filename: Type.Union([Type.String(), Type.Null()]),
  contentType: Type.String(),
  size: Type.Integer(),
  category: Type.String()
});

const FilenameQuery = Type.Object({ filename: Type.Optional(Type.String()) });

function filenameOf(request: FastifyRequest, query: { filename?: string }): string | null | Error {
  const header = request.headers[MEDIA_FILENAME_HEADER];
  const raw = typeof header === 'string' ? header : (query.filename ?? null);
  if (raw === null || raw === '') return null;
  let name: string;
  try {
    name = typeof header === 'string' ? decodeURIComponent(raw) : raw;
  } catch {
    return new Error('The filename header must be URI-encoded');
  }
  if (name.length > MAX_MEDIA_FILENAME_LENGTH)
    return new Error(`The filename is longer than ${MAX_MEDIA_FILENAME_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  if (/[\u0000-\u001f\u007f/\\]/.test(name)) return new Error('The filename has a control character or a slash');
  return name;
}

/** Refuses before the body is read, and closes the connection so the rest of it is not read either. */
function refuse(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  return sendError(reply.header('connection', 'close'), wireError(code, message));
}

/**
 * `POST /v1/media`: the raw bytes of one file, with `Authorization: Bearer <access token>`, its
 * `Content-Type`, and a filename (`X-Media-Filename`, URI-encoded, or `?filename=`). Answers 201
 * with the new media (`MediaData`), which the uploader then attaches with `sendMessage`. Refused:
 * 401 without a valid token, 400 without a body or with a bad filename, 413 (`TooLarge`) over
 * `maxMediaBytes`, 415 (`UnsupportedMediaType`) for a type not in `mediaContentTypes`. The token,
 * type, size and filename are checked before the body is read. Open to every origin (CORS).
 */
export const mediaUploadRoutes: FastifyPluginAsyncTypebox<UploadDeps> = async (app, deps) => {
  openToAnyOrigin(app, [MEDIA_UPLOAD_PATH], 'POST');
  // the bytes as they are, whatever their type
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.maxMediaBytes }, (_request, body, done) =>
    done(null, body)
  );
  app.setErrorHandler((error, request, reply) => {
    const tooLarge = (error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE';
    if (tooLarge) return refuse(reply, ErrorCode.TooLarge, `Media larger than ${deps.maxMediaBytes} bytes are refused`);
    throw error;
  });

  app.post(
    MEDIA_UPLOAD_PATH,
    {
      schema: {
        tags: ['media'],
        summary: 'Upload a media file (raw bytes), to attach to a message',
        security: [{ accessToken: [] }],
        querystring: FilenameQuery,
        response: { 201: Media, '4xx': ErrorBody }
      },
      onRequest: async (request, reply) => {
        const verified = await deps.tokens.verify(bearerToken(request));
        if (!verified.ok) return refuse(reply, verified.code, verified.message);
        const type = request.headers['content-type'];
        if (!type) return refuse(reply, ErrorCode.BadRequest, 'Content-Type is required');
        const contentType = baseContentType(type);
        if (!isAllowedContentType(contentType, deps.mediaContentTypes)) {
          return refuse(reply, ErrorCode.UnsupportedMediaType, `Content type '${contentType}' is not accepted`);
        }
        if (Number(request.headers['content-length'] ?? NaN) > deps.maxMediaBytes) {
          return refuse(reply, ErrorCode.TooLarge, `Media larger than ${deps.maxMediaBytes} bytes are refused`);
        }
        request.uploader = { identity: verified.identity, contentType };
      }
    },
    async (request, reply) => {
      const uploader = request.uploader;
      if (!uploader) throw new Error('the upload was not authenticated');
      const filename = filenameOf(request, request.query);
      if (filename instanceof Error) return sendError(reply, wireError(ErrorCode.BadRequest, filename.message));
      const bytes = request.body as Buffer | undefined;
      if (!bytes || bytes.length === 0) return sendError(reply, wireError(ErrorCode.BadRequest, 'The body is empty'));
      const media = await createMedia(deps.ctx, uploader.identity, {
        filename,
        contentType: uploader.contentType,
        bytes
      });
      return reply.code(201).header('cache-control', 'no-store').send(media);
    }
  );
};

declare module 'fastify' {
  interface FastifyRequest {
    /** Who uploads, and the type of the upload (set once the token is verified). */
    uploader?: { identity: string; contentType: string };
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, MAX_MEDIA_FILENAME_LENGTH, MEDIA_FILENAME_HEADER, wireError } from '../../protocol';
import type { TokenService } from '../auth/tokens';
import type { DomainContext } from '../domain/context';
import { createMedia } from '../domain/media';
import { baseContentType, isAllowedContentType } from '../media/content-types';
import { bearerToken } from './bearer';
import { CORS_HEADERS, readBytes } from './respond';

/** What an upload needs. */
export interface UploadDeps {
  ctx: DomainContext;
  tokens: TokenService;
  maxMediaBytes: number;
  mediaContentTypes: readonly string[];
}

function fail(res: ServerResponse, code: ErrorCode, message: string, close = false): void {
  const error = wireError(code, message);
  const text = JSON.stringify({ error });
  res.writeHead(error.status, {
    ...CORS_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...(close ? { connection: 'close' } : {})
  });
  res.end(text);
}

function filenameOf(req: IncomingMessage): string | null | Error {
  const header = req.headers[MEDIA_FILENAME_HEADER];
  const query = new URL(req.url ?? '/', 'http://x').searchParams.get('filename');
  const raw = typeof header === 'string' ? header : query;
  if (raw === null || raw === '') return null;
  let name: string;
  try {
    name = typeof header === 'string' ? decodeURIComponent(raw) : raw;
  } catch {
    return new Error('The filename header must be URI-encoded');
  }
  if (name.length > MAX_MEDIA_FILENAME_LENGTH) return new Error(`The filename is longer than ${MAX_MEDIA_FILENAME_LENGTH} characters`);
  if (/[\u0000-\u001f\u007f/\\]/.test(name)) return new Error('The filename has a control character or a slash');
  return name;
}

/**
 * `POST /v1/media`: the raw bytes of one file, with `Authorization: Bearer <access token>`, its
 * `Content-Type`, and a filename (`X-Media-Filename`, URI-encoded, or `?filename=`). Answers 201
 * with the new media (`MediaData`), which the uploader then attaches with `sendMessage`. Refused:
 * 401 without a valid token, 400 without a body or with a bad filename, 413 (`TooLarge`) over
 * `maxMediaBytes`, 415 (`UnsupportedMediaType`) for a type not in `mediaContentTypes`.
 */
export async function uploadMedia(req: IncomingMessage, res: ServerResponse, deps: UploadDeps): Promise<void> {
  const verified = await deps.tokens.verify(bearerToken(req));
  if (!verified.ok) return fail(res, verified.code, verified.message, true);
  const type = req.headers['content-type'];
  if (!type) return fail(res, ErrorCode.BadRequest, 'Content-Type is required', true);
  const contentType = baseContentType(type);
  if (!isAllowedContentType(contentType, deps.mediaContentTypes)) {
    return fail(res, ErrorCode.UnsupportedMediaType, `Content type '${contentType}' is not accepted`, true);
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > deps.maxMediaBytes) return fail(res, ErrorCode.TooLarge, `Media larger than ${deps.maxMediaBytes} bytes are refused`, true);
  const filename = filenameOf(req);
  if (filename instanceof Error) return fail(res, ErrorCode.BadRequest, filename.message, true);
  const bytes = await readBytes(req, deps.maxMediaBytes);
  if (bytes === null) return fail(res, ErrorCode.TooLarge, `Media larger than ${deps.maxMediaBytes} bytes are refused`, true);
  if (bytes.length === 0) return fail(res, ErrorCode.BadRequest, 'The body is empty');
  const media = await createMedia(deps.ctx, verified.identity, { filename, contentType, bytes });
  const text = JSON.stringify(media);
  res.writeHead(201, {
    ...CORS_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store'
  });
  res.end(text);
}

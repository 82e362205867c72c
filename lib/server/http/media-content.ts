import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, wireError } from '../../protocol';
import type { DomainContext } from '../domain/context';
import { CORS_HEADERS } from './respond';

function fail(res: ServerResponse, code: ErrorCode, message: string): void {
  const error = wireError(code, message);
  const text = JSON.stringify({ error });
  res.writeHead(error.status, {
    ...CORS_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store'
  });
  res.end(text);
}

/** `inline; filename*=UTF-8''...`, so any filename survives. */
function disposition(filename: string | null): string {
  return filename === null ? 'inline' : `inline; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * `GET /v1/media/<sid>/content?expires=...&signature=...`: the bytes of a media, for anyone holding
 * a temporary URL from `getMediaUrls`, from any origin (CORS). Refused: 403 (`Forbidden`) when the
 * signature does not match, 410 (`Expired`) once the URL expired, 404 once the media is gone.
 */
export async function serveMediaContent(req: IncomingMessage, res: ServerResponse, ctx: DomainContext, sid: string): Promise<void> {
  const query = new URL(req.url ?? '/', 'http://x').searchParams;
  const expires = Number(query.get('expires'));
  const signature = query.get('signature') ?? '';
  if (!Number.isSafeInteger(expires) || !ctx.media.signer.verify(sid, expires, signature)) {
    return fail(res, ErrorCode.Forbidden, 'The URL signature is not valid');
  }
  const now = ctx.now();
  if (now >= expires) return fail(res, ErrorCode.Expired, 'The URL has expired: ask for a new one');
  const media = await ctx.storage.read((reader) => reader.getMedia(sid));
  const body = media && (await ctx.media.store.get(sid));
  if (!media || !body) return fail(res, ErrorCode.NotFound, 'Media not found');
  res.writeHead(200, {
    ...CORS_HEADERS,
    'content-type': media.contentType,
    'content-length': media.size,
    'content-disposition': disposition(media.filename),
    'cache-control': `private, max-age=${Math.max(0, Math.floor((expires - now) / 1000))}`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox"
  });
  if (req.method === 'HEAD') {
    body.destroy();
    res.end();
    return;
  }
  body.on('error', () => res.destroy());
  body.pipe(res);
}

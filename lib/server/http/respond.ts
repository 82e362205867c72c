import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as t from 'io-ts';
import { decode, ErrorCode, wireError } from '../../protocol';

/** Sends a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** Reads a request body of at most `limit` bytes; null when it is larger. */
export function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Reads a JSON body of at most `limit` bytes and decodes it with `codec`. On a body too large, not
 * JSON, or not of the codec's shape, answers 413 / 400 naming the bad field and resolves
 * undefined; the caller then has nothing more to do.
 */
export async function readJson<A>(req: IncomingMessage, res: ServerResponse, codec: t.Type<A, unknown, unknown>, limit: number): Promise<A | undefined> {
  const text = await readBody(req, limit);
  if (text === null) {
    sendJson(res, 413, { error: wireError(ErrorCode.TooLarge, 'The body is too large') });
    return undefined;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    sendJson(res, 400, { error: wireError(ErrorCode.BadRequest, 'The body is not valid JSON') });
    return undefined;
  }
  const decoded = decode(codec, body);
  if (!decoded.ok) {
    sendJson(res, 400, { error: wireError(ErrorCode.BadRequest, decoded.message, decoded.path) });
    return undefined;
  }
  return decoded.value;
}

/** Headers that let a page on any origin call an endpoint that authenticates by token or signature. */
export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'content-length, content-type, content-disposition'
} as const;

/** Answers a CORS preflight for `methods`. */
export function sendPreflight(res: ServerResponse, methods: string): void {
  res.writeHead(204, {
    ...CORS_HEADERS,
    'access-control-allow-methods': methods,
    'access-control-allow-headers': 'authorization, content-type, x-media-filename',
    'access-control-max-age': '600'
  });
  res.end();
}

/**
 * Reads a request body of at most `limit` bytes as bytes; null when it is larger (the rest is
 * not read: answer, then close the connection).
 */
export function readBytes(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

import type { IncomingMessage } from 'node:http';

/** The token of an `Authorization: Bearer <token>` header, or '' when there is none. */
export function bearerToken(req: IncomingMessage): string {
  const auth = req.headers.authorization ?? '';
  return auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
}

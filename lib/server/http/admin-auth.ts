import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { bearerToken } from './bearer';

function sameKey(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Whether the request carries `Authorization: Bearer <adminKey>` (compared in constant time). */
export function hasAdminKey(req: IncomingMessage, adminKey: string): boolean {
  const given = bearerToken(req);
  return given !== '' && sameKey(given, adminKey);
}

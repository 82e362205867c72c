import { ErrorCode } from '../../protocol';
import type { ListPosition } from '../storage/records';
import { DomainError } from './errors';

/** Encodes where the next page of a conversation list starts as an opaque string. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(`${position.lastActivity}:${position.sid}`, 'utf8').toString('base64url');
}

/** Decodes a cursor from {@link encodeCursor}; `BadRequest` on anything else. */
export function decodeCursor(cursor: string): ListPosition {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d{1,16}):([A-Za-z0-9]{1,64})$/.exec(text);
  if (!match) throw new DomainError(ErrorCode.BadRequest, 'cursor is not one this server gave', 'args.cursor');
  return { lastActivity: Number(match[1]), sid: match[2] };
}

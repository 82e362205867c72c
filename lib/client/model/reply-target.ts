import { badArgument } from '../errors';

/** A reply's target as a send names it: a message index (a whole number) or a non-empty sid; else `BadRequest`. */
export function replyTarget(method: string, message: unknown): number | string {
  if (
    (typeof message === 'number' && Number.isInteger(message) && message >= 0) ||
    (typeof message === 'string' && message)
  )
    return message;
  throw badArgument(method, 'replyTo', 'a message index or sid', message);
}

import type { JSONValue } from '../../../protocol';

/**
 * A JSON text column read back. The text was written by the row mappers from values the protocol
 * codecs had already checked, so parsing it back is a decoded boundary.
 */
export function json<T = JSONValue>(text: string): T {
  return JSON.parse(text) as T;
}

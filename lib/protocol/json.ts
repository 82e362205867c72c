import * as t from 'io-ts';
import { LIMITS } from './limits';

/** Any JSON value. */
export type JSONValue = null | string | number | boolean | JSONObject | JSONArray;
/** A JSON object. */
export type JSONObject = { [key: string]: JSONValue };
/** A JSON array. */
export type JSONArray = JSONValue[];

function isJson(value: unknown, depth: number): value is JSONValue {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (depth >= LIMITS.maxJsonDepth) return false;
      if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1));
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        if (!isJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** A JSON value no deeper than `LIMITS.maxJsonDepth`, with finite numbers only. */
export const JSONValue = new t.Type<JSONValue, JSONValue, unknown>(
  'JSONValue',
  (u): u is JSONValue => isJson(u, 0),
  (u, c) => (isJson(u, 0) ? t.success(u) : t.failure(u, c, 'is not a JSON value (or is nested too deeply)')),
  t.identity
);

/** The number of bytes of a string's UTF-8 encoding, computed without allocating. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** A string of at most `max` characters (and, with `min`, at least `min`). */
export function boundedString(max: number, min = 0): t.Type<string, string, unknown> {
  return new t.Type<string, string, unknown>(
    `string(${min}..${max})`,
    (u): u is string => typeof u === 'string' && u.length >= min && u.length <= max,
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, 'must be a string');
      if (u.length < min) return t.failure(u, c, `must be at least ${min} characters`);
      if (u.length > max) return t.failure(u, c, `must be at most ${max} characters`);
      return t.success(u);
    },
    t.identity
  );
}

/** A string whose UTF-8 encoding is at most `maxBytes` bytes. */
export function utf8String(maxBytes: number): t.Type<string, string, unknown> {
  return new t.Type<string, string, unknown>(
    `utf8(${maxBytes})`,
    (u): u is string => typeof u === 'string' && utf8Length(u) <= maxBytes,
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, 'must be a string');
      if (utf8Length(u) > maxBytes) return t.failure(u, c, `must be at most ${maxBytes} bytes`);
      return t.success(u);
    },
    t.identity
  );
}

/** A JSON value whose JSON text is at most `maxBytes` bytes. */
export function boundedJson(maxBytes: number): t.Type<JSONValue, JSONValue, unknown> {
  return new t.Type<JSONValue, JSONValue, unknown>(
    `JSONValue(${maxBytes})`,
    (u): u is JSONValue => JSONValue.is(u) && utf8Length(JSON.stringify(u)) <= maxBytes,
    (u, c) => {
      if (!JSONValue.is(u)) return t.failure(u, c, 'is not a JSON value (or is nested too deeply)');
      if (utf8Length(JSON.stringify(u)) > maxBytes) return t.failure(u, c, `must be at most ${maxBytes} bytes of JSON`);
      return t.success(u);
    },
    t.identity
  );
}

/** A whole number in [min, max]. */
export function boundedInt(min: number, max: number): t.Type<number, number, unknown> {
  return new t.Type<number, number, unknown>(
    `int(${min}..${max})`,
    (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max,
    (u, c) => {
      if (typeof u !== 'number' || !Number.isInteger(u)) return t.failure(u, c, 'must be a whole number');
      if (u < min || u > max) return t.failure(u, c, `must be between ${min} and ${max}`);
      return t.success(u);
    },
    t.identity
  );
}

/** A message index, a sequence position or a count: a whole number from 0 up. */
export const NonNegativeInt = boundedInt(0, Number.MAX_SAFE_INTEGER);

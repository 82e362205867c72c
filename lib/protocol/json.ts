import * as t from 'io-ts';
import { LIMITS } from './limits';

/** Any JSON value. */
export type JSONValue = null | string | number | boolean | JSONObject | JSONArray;
/** A JSON object. */
export type JSONObject = { [key: string]: JSONValue };
/** A JSON array. */
export type JSONArray = JSONValue[];

/**
 * Matches what makes a string unfit to store and give back as it is: a lone UTF-16 surrogate (no
 * Unicode character; encoders turn it into U+FFFD) or U+0000 (refused by PostgreSQL's text).
 */
// eslint-disable-next-line no-control-regex -- finding U+0000 is the point
const NOT_TEXT = /[\u0000\p{Cs}]/u;

/** Why `value` is not text the server stores as it is (a lone surrogate, or NUL); null when it is. */
export function textProblem(value: string): string | null {
  const found = NOT_TEXT.exec(value);
  if (found === null) return null;
  return found[0] === '\u0000'
    ? 'must not contain U+0000 (NUL)'
    : 'must be valid Unicode: it contains a lone UTF-16 surrogate';
}

/** Whether a string is valid Unicode text without NUL (see {@link textProblem}). */
export function isText(value: string): boolean {
  return !NOT_TEXT.test(value);
}

/** Whether `value` is JSON; with `text`, every string and key in it is text too (see {@link isText}). */
function isJson(value: unknown, depth: number, text: boolean): value is JSONValue {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
      return !text || isText(value);
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (depth >= LIMITS.maxJsonDepth) return false;
      if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1, text));
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        if (text && !isText(key)) return false;
        if (!isJson((value as Record<string, unknown>)[key], depth + 1, text)) return false;
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
  (u): u is JSONValue => isJson(u, 0, false),
  (u, c) => (isJson(u, 0, false) ? t.success(u) : t.failure(u, c, 'is not a JSON value (or is nested too deeply)')),
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

/**
 * A text string of at most `max` characters (and, with `min`, at least `min`). Characters are
 * UTF-16 code units (a string's `length`: a character outside the Basic Multilingual Plane, such as
 * most emoji, counts 2). Text means valid Unicode without NUL (see {@link isText}).
 */
export function boundedString(max: number, min = 0): t.Type<string, string, unknown> {
  return new t.Type<string, string, unknown>(
    `string(${min}..${max})`,
    (u): u is string => typeof u === 'string' && u.length >= min && u.length <= max && isText(u),
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, 'must be a string');
      if (u.length < min) return t.failure(u, c, `must be at least ${min} characters`);
      if (u.length > max) return t.failure(u, c, `must be at most ${max} characters`);
      const problem = textProblem(u);
      if (problem !== null) return t.failure(u, c, problem);
      return t.success(u);
    },
    t.identity
  );
}

/** A text string (see {@link isText}) whose UTF-8 encoding is at most `maxBytes` bytes. */
export function utf8String(maxBytes: number): t.Type<string, string, unknown> {
  return new t.Type<string, string, unknown>(
    `utf8(${maxBytes})`,
    (u): u is string => typeof u === 'string' && utf8Length(u) <= maxBytes && isText(u),
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, 'must be a string');
      if (utf8Length(u) > maxBytes) return t.failure(u, c, `must be at most ${maxBytes} bytes`);
      const problem = textProblem(u);
      if (problem !== null) return t.failure(u, c, problem);
      return t.success(u);
    },
    t.identity
  );
}

/**
 * A JSON value whose JSON text is at most `maxBytes` bytes, and whose strings and keys are all text
 * (see {@link isText}): what a client sends as attributes.
 */
export function boundedJson(maxBytes: number): t.Type<JSONValue, JSONValue, unknown> {
  return new t.Type<JSONValue, JSONValue, unknown>(
    `JSONValue(${maxBytes})`,
    (u): u is JSONValue => isJson(u, 0, true) && utf8Length(JSON.stringify(u)) <= maxBytes,
    (u, c) => {
      if (!JSONValue.is(u)) return t.failure(u, c, 'is not a JSON value (or is nested too deeply)');
      if (!isJson(u, 0, true))
        return t.failure(u, c, 'must hold only valid Unicode text without U+0000 (NUL) in its strings and keys');
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

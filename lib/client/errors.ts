import { ErrorCode, JSONValue, errorStatus, type WireError } from '../protocol';

/**
 * The one error type of the library: every rejected promise and every error on an observable is
 * a `ConversationsError` with a stable numeric `code` (the same codes the server sends, see
 * `ErrorCode`), an HTTP-like `status`, and `body: { code, message }` like the reference SDK's REST
 * errors. `path` names the bad field of a refused argument.
 */
export class ConversationsError extends Error {
  /** Stable error code (`ErrorCode`). */
  readonly code: number;
  /** HTTP-like status. */
  readonly status: number;
  /** The bad field, for `BadRequest`. */
  readonly path?: string;
  /** The reference SDK's REST error body. */
  readonly body: { code: number; message: string };

  constructor(code: number, message: string, options: { status?: number; path?: string } = {}) {
    super(message);
    this.name = 'ConversationsError';
    this.code = code;
    this.status = options.status ?? errorStatus[code as ErrorCode] ?? 500;
    if (options.path !== undefined) this.path = options.path;
    this.body = { code, message };
    Object.setPrototypeOf(this, new.target.prototype);
  }

  /** The error a server reply carried. */
  static fromWire(error: WireError): ConversationsError {
    return new ConversationsError(error.code, error.message, { status: error.status, path: error.path });
  }

  /** Wraps anything thrown into a ConversationsError (kept as is when it already is one). */
  static from(error: unknown, code: number = ErrorCode.Internal): ConversationsError {
    if (error instanceof ConversationsError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new ConversationsError(code, message);
  }
}

/**
 * Throws a `BadRequest` unless `value` is a JSON value as the protocol carries it: plain objects
 * and arrays, finite numbers, strings, booleans and null, nested at most `LIMITS.maxJsonDepth`
 * (so a function, a Date, a Map, NaN or a cycle is refused here rather than dropped or mangled
 * on the way out).
 */
export function checkJson(method: string, argument: string, value: unknown): asserts value is JSONValue {
  if (!JSONValue.is(value))
    throw badArgument(
      method,
      argument,
      'a JSON value (plain objects and arrays, finite numbers, strings, booleans, null)',
      value
    );
}

/** Builds a `BadRequest` error for an argument of a public method. */
export function badArgument(method: string, argument: string, expected: string, value: unknown): ConversationsError {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return new ConversationsError(ErrorCode.BadRequest, `${method}: ${argument} must be ${expected}, got ${got}`, {
    path: argument
  });
}

/** The error of whatever a shut-down client is asked: a command, or a stream subscribed after `shutdown()`. */
export function shutDownError(): ConversationsError {
  return new ConversationsError(ErrorCode.ShutDown, 'The client was shut down');
}

import * as t from 'io-ts';

/**
 * Stable error codes, shared by the server's replies and the client's errors.
 * The numbers never change meaning; the token codes are the reference SDK's.
 */
export const ErrorCode = {
  /** A frame or a command's arguments failed to decode; `path` names the field. */
  BadRequest: 40000,
  /** The command is not one this server knows. */
  UnknownCommand: 40001,
  /** A value is outside the documented limits (participants per conversation, page size...). */
  LimitExceeded: 40002,
  /** The operation needs a channel gateway (SMS, WhatsApp, email) that this server does not have. */
  NotSupported: 40003,
  /** The handshake was missing, repeated or out of order. */
  HandshakeRequired: 40004,
  /** The token is missing, malformed, or its signature does not verify. */
  TokenInvalid: 20101,
  /** The token has no grant for this service. */
  TokenGrantMissing: 20103,
  /** The token has expired. */
  TokenExpired: 20104,
  /** The identity may not do this: its role lacks the permission. */
  Forbidden: 40300,
  /** The service's pre-event webhook refused the action (or did not answer, and its policy refuses). */
  RefusedByWebhook: 40301,
  /** Not found, or not visible to this identity: the two are indistinguishable on purpose. */
  NotFound: 40400,
  /** The client's request did not get a reply in time. */
  Timeout: 40800,
  /** A unique name is taken, or the state forbids the change. */
  Conflict: 40900,
  /** A media URL has expired. */
  Expired: 41000,
  /** The frame or the field is larger than the limit. */
  TooLarge: 41300,
  /** The media content type is not accepted. */
  UnsupportedMediaType: 41500,
  /** The protocol version is not supported. */
  ProtocolVersion: 42600,
  /** Too many requests: slow down. */
  RateLimited: 42900,
  /** The server failed; nothing was changed. */
  Internal: 50000,
  /** The server is shutting down, or the client is offline and the request could not go out in time. */
  Unavailable: 50300,
  /** The client has not finished initializing, or its initialization failed. */
  NotReady: 50301,
  /** The client was shut down. */
  ShutDown: 50302,
  /** The operation was cancelled by its caller. */
  Cancelled: 49900
} as const;

/** A stable error code. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The HTTP-like status of each error code. */
export const errorStatus: Record<ErrorCode, number> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.UnknownCommand]: 400,
  [ErrorCode.LimitExceeded]: 400,
  [ErrorCode.NotSupported]: 501,
  [ErrorCode.HandshakeRequired]: 400,
  [ErrorCode.TokenInvalid]: 401,
  [ErrorCode.TokenGrantMissing]: 403,
  [ErrorCode.TokenExpired]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.RefusedByWebhook]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Timeout]: 408,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.Expired]: 410,
  [ErrorCode.TooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.ProtocolVersion]: 426,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.Internal]: 500,
  [ErrorCode.Unavailable]: 503,
  [ErrorCode.NotReady]: 503,
  [ErrorCode.ShutDown]: 503,
  [ErrorCode.Cancelled]: 499
};

/** An error as it travels in a reply or a denied frame. */
export const WireError = t.intersection([
  t.type({ code: t.number, message: t.string, status: t.number }),
  t.partial({ path: t.string })
]);
/** An error as it travels in a reply or a denied frame. */
export type WireError = t.TypeOf<typeof WireError>;

/** Builds the wire form of an error. */
export function wireError(code: ErrorCode, message: string, path?: string): WireError {
  const error: WireError = { code, message, status: errorStatus[code] };
  if (path !== undefined) error.path = path;
  return error;
}

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, type WireError, wireError } from '../../protocol';
import { DomainError } from '../domain/errors';
import type { Logger } from '../options';

/** One failed check of a JSON schema, as fastify's validator reports it. */
interface SchemaFailure {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** The dotted path of the field a schema failure is about (`Attributes`, `Items.0.Body`). */
export function failurePath(failure: SchemaFailure): string {
  const path = failure.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (failure.keyword === 'required') path.push(String(failure.params.missingProperty));
  if (failure.keyword === 'additionalProperties') path.push(String(failure.params.additionalProperty));
  return path.join('.');
}

function failureMessage(failure: SchemaFailure, path: string, part: string): string {
  const subject = path === '' ? `The ${part}` : path;
  if (failure.keyword === 'required') return `${subject} is required`;
  if (failure.keyword === 'additionalProperties') return `${subject} is not a known field`;
  return `${subject} ${failure.message ?? 'is not valid'}`;
}

/** What fastify's own errors (body parsing, limits) mean in the protocol's codes. */
const FRAMEWORK_ERRORS: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [ErrorCode.BadRequest, 'The body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [ErrorCode.BadRequest, 'The body is empty: send a JSON object'],
  FST_ERR_CTP_BODY_TOO_LARGE: [ErrorCode.TooLarge, 'The body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [ErrorCode.UnsupportedMediaType, 'Send the body as application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [ErrorCode.BadRequest, 'The Content-Length does not match the body']
};

/**
 * The wire form of an error thrown while handling a request, or null for an unexpected one:
 * a domain error as it is, a schema failure as `BadRequest` naming the field, fastify's parsing
 * errors by their meaning, any other client error (4xx) as `BadRequest`.
 */
export function wireErrorOf(error: unknown): WireError | null {
  if (error instanceof DomainError) return error.toWire();
  const failed = error as Partial<FastifyError> & { validation?: SchemaFailure[]; validationContext?: string };
  const failure = failed.validation?.[0];
  if (failure) {
    const path = failurePath(failure);
    return wireError(
      ErrorCode.BadRequest,
      failureMessage(failure, path, failed.validationContext ?? 'body'),
      path || undefined
    );
  }
  const known = failed.code === undefined ? undefined : FRAMEWORK_ERRORS[failed.code];
  if (known) return wireError(known[0], known[1]);
  if (typeof failed.statusCode === 'number' && failed.statusCode >= 400 && failed.statusCode < 500) {
    return wireError(ErrorCode.BadRequest, failed.message ?? 'Bad request');
  }
  return null;
}

/** Sends `{error}` with the status of its code. */
export function sendError(reply: FastifyReply, error: WireError): FastifyReply {
  return reply.code(error.status).header('cache-control', 'no-store').send({ error });
}

/**
 * The server's error handler: every error becomes `{error: {code, message, status, path?}}`; unexpected ones are
 * logged.
 */
export function errorHandler(logger: Logger) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const wire = wireErrorOf(error);
    if (wire) return sendError(reply, wire);
    logger.error(`${request.method} ${request.url.split('?')[0]} failed`, error);
    return sendError(reply, wireError(ErrorCode.Internal, 'Internal error'));
  };
}

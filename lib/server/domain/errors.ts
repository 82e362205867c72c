import { ErrorCode, wireError, type WireError } from '../../protocol';

/**
 * The one error the domain throws: a stable protocol code, a message for people, and the
 * path of the field at fault when there is one. The session turns it into a reply.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly path?: string
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** The wire form of this error. */
  toWire(): WireError {
    return wireError(this.code, this.message, this.path);
  }
}

/** The uniform answer about a conversation that does not exist or that the caller may not see. */
export function conversationNotFound(): DomainError {
  return new DomainError(ErrorCode.NotFound, 'Conversation not found');
}

/** Throws `Forbidden` with `message` unless `allowed`. */
export function ensure(allowed: boolean, message: string): asserts allowed {
  if (!allowed) throw new DomainError(ErrorCode.Forbidden, message);
}

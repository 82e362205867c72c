import type * as t from 'io-ts';
import { type CommandArgs, type CommandName, ErrorCode, commandCodecs, decode } from '../../../protocol';
import { DomainError } from '../../domain/errors';

/**
 * The REST names of the commands' argument fields. A REST request becomes a command's arguments;
 * a refusal naming an argument (`args.friendlyName`) names the REST field (`FriendlyName`).
 */
const REST_FIELDS: Record<string, string> = {
  friendlyName: 'FriendlyName',
  uniqueName: 'UniqueName',
  attributes: 'Attributes',
  isPrivate: 'IsPrivate',
  state: 'State',
  identity: 'Identity',
  role: 'RoleSid',
  body: 'Body',
  key: 'Idempotency-Key',
  mediaSids: 'MediaSid',
  contentSid: 'ContentSid',
  contentVariables: 'ContentVariables',
  replyTo: 'ReplyTo',
  sid: 'ConversationSid',
  conversationSid: 'ConversationSid',
  participantSid: 'Sid',
  messageSid: 'Sid',
  cursor: 'PageToken',
  type: 'Type',
  permissions: 'Permission',
  query: 'Query',
  pageSize: 'PageSize'
};

/** The REST name of a command argument's path: `args.attributes.a` → `Attributes.a`. */
export function restPath(path: string | undefined): string | undefined {
  if (path === undefined || !path.startsWith('args.')) return path;
  const [field, ...rest] = path.slice('args.'.length).split('.');
  return [REST_FIELDS[field] ?? field, ...rest].join('.');
}

/** A domain refusal with its field named as the REST API names it. */
export function restError(error: unknown): unknown {
  if (!(error instanceof DomainError) || error.path === undefined) return error;
  return new DomainError(
    error.code,
    error.message.replace(/\bargs\.([A-Za-z]+)/g, (_, field: string) => REST_FIELDS[field] ?? field),
    restPath(error.path)
  );
}

/**
 * Decodes `args` with the command's own codec — the limits the WebSocket applies (UTF-8 sizes,
 * JSON depth) — and runs `fn` with them; a refusal names the REST field.
 */
export async function asCommand<K extends CommandName, R>(
  name: K,
  args: unknown,
  fn: (args: CommandArgs<K>) => Promise<R>
): Promise<R> {
  const codec = commandCodecs[name].args as unknown as t.Type<CommandArgs<K>, unknown, unknown>;
  const decoded = decode(codec, args, 'args');
  if (!decoded.ok) throw restError(new DomainError(ErrorCode.BadRequest, decoded.message, decoded.path));
  return renamed(() => fn(decoded.value));
}

/** Runs `fn`; a refusal names the REST field. */
export async function renamed<R>(fn: () => Promise<R>): Promise<R> {
  try {
    return await fn();
  } catch (error) {
    throw restError(error);
  }
}

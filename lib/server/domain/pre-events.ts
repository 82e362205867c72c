import type * as t from 'io-ts';
import { type CommandArgs, type CommandName, ErrorCode, type JSONValue, commandCodecs, decode } from '../../protocol';
import { DomainError } from './errors';
import type { DomainContext } from './context';
import type { PreEvent, WebhookPayload } from './webhook-events';

/** Whether the server's pre-event webhook is to be asked about `eventType`. */
export function asksBefore(ctx: DomainContext, eventType: PreEvent): boolean {
  return ctx.preEvents?.wants(eventType) ?? false;
}

/** Asks the pre-event webhook, when the server has one. */
export function preEvent(
  ctx: DomainContext,
  payload: WebhookPayload<PreEvent>
): Promise<Record<string, JSONValue> | null> {
  return ctx.preEvents ? ctx.preEvents.decide(payload.EventType, payload) : Promise.resolve(null);
}

/**
 * `args` with the fields a pre-event webhook changed (`fields`: its names → the argument's),
 * checked with the command's own codec: a change out of bounds refuses the action.
 */
export function changedBy<K extends CommandName>(
  name: K,
  args: CommandArgs<K>,
  changes: Record<string, JSONValue> | null,
  fields: Record<string, string>
): CommandArgs<K> {
  if (changes === null) return args;
  const next: Record<string, unknown> = { ...args };
  for (const [field, arg] of Object.entries(fields)) if (field in changes) next[arg] = changes[field];
  const codec = commandCodecs[name].args as unknown as t.Type<CommandArgs<K>, unknown, unknown>;
  const decoded = decode(codec, next, 'args');
  if (!decoded.ok)
    throw new DomainError(
      ErrorCode.RefusedByWebhook,
      `The pre-event webhook answered a change out of bounds: ${decoded.message}`,
      decoded.path
    );
  return decoded.value;
}

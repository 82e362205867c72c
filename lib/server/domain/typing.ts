import { type CommandArgs, type CommandResult, LIMITS } from '../../protocol';
import { type DomainContext, read } from './context';
import { loadMembership } from './load';

/**
 * Tells the conversation's other participants that the caller is typing: an ephemeral
 * `typingStarted` (never stored, never replayed), not sent to the typer's own sessions.
 */
export async function typing(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'typing'>
): Promise<CommandResult<'typing'>> {
  const { participant } = await read(ctx, (reader) => loadMembership(reader, args.conversationSid, identity));
  ctx.bus.publish([
    {
      name: 'typingStarted',
      conversationSid: args.conversationSid,
      targetIdentity: null,
      excludeIdentity: identity,
      data: {
        conversationSid: args.conversationSid,
        participantSid: participant.sid,
        identity,
        timeoutMs: LIMITS.typingTimeoutMs
      }
    }
  ]);
  return {};
}

import type { BusEvent } from '../bus/bus';
import { type DomainContext, read } from './context';
import { viewUser } from './users';

/**
 * Tells this process's subscribers of a user that the user's reachability changed: a
 * `userUpdated` with the user as they are when it goes out, one at a time in the order of the
 * changes. Each process of a cluster tells its own sessions, from its own view of who is online
 * (local sessions, and what the other processes report), so every change is told once to each
 * subscriber, and the last thing a subscriber hears matches that view.
 *
 * `watched` says whether any session here subscribes to the user; `deliver` hands events to
 * this process's hub only.
 */
export function presenceAnnouncer(
  ctx: DomainContext,
  watched: (identity: string) => boolean,
  deliver: (events: BusEvent[]) => void
): (identity: string) => void {
  let chain = Promise.resolve();
  return (identity) => {
    if (!ctx.reachabilityEnabled || !watched(identity)) return;
    chain = chain
      .then(async () => {
        const user = await read(ctx, (reader) => viewUser(ctx, reader, identity));
        user.isOnline = ctx.presence.isOnline(identity);
        deliver([{ name: 'userUpdated', conversationSid: null, targetIdentity: null, user: identity, data: { user } }]);
      })
      .catch((error: unknown) => ctx.logger.error('presence update failed', error));
  };
}

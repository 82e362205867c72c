import type { UserData } from '../../../protocol';
import { jsonEqual } from '../equal';
import { deepFreeze } from '../freeze';
import { userReasons } from './reasons';
import type { Tx } from './tx';

/**
 * A user's profile or reachability as it is now (ephemeral). A known user is updated (userUpdated
 * with the reasons); an unknown one is recorded, subscribed only if it is the current user.
 */
export function userUpdated(tx: Tx, user: UserData): void {
  const prev = tx.users.get(user.identity);
  if (prev === undefined) {
    tx.users.set(user.identity, { data: deepFreeze(user), subscribed: user.identity === tx.identity });
    return;
  }
  if (jsonEqual(prev.data, user)) return;
  tx.users.set(user.identity, { data: deepFreeze(user), subscribed: prev.subscribed });
  const reasons = userReasons(prev.data, user);
  if (reasons.length > 0) tx.emit({ type: 'userUpdated', identity: user.identity, reasons });
}

/** Users the client subscribed to: userSubscribed for the newly subscribed, userUpdated for changed ones. */
export function usersLoaded(tx: Tx, items: readonly UserData[]): void {
  for (const user of items) {
    const prev = tx.users.get(user.identity);
    const same = prev !== undefined && jsonEqual(prev.data, user);
    if (same && prev.subscribed) continue;
    tx.users.set(user.identity, { data: same ? prev.data : deepFreeze(user), subscribed: true });
    if (prev === undefined || !prev.subscribed) tx.emit({ type: 'userSubscribed', identity: user.identity });
    const reasons = prev === undefined ? [] : userReasons(prev.data, user);
    if (reasons.length > 0) tx.emit({ type: 'userUpdated', identity: user.identity, reasons });
  }
}

/** The client stopped following a user (never the current one): kept, not subscribed; userUnsubscribed. */
export function userUnsubscribed(tx: Tx, identity: string): void {
  if (identity === tx.identity) return;
  const prev = tx.users.get(identity);
  if (prev === undefined || !prev.subscribed) return;
  tx.users.set(identity, { data: prev.data, subscribed: false });
  tx.emit({ type: 'userUnsubscribed', identity, last: prev.data });
}

import { createSelector, selectorFamily, type Selector } from '../memoize';
import { lookup } from '../records';
import type { State, UserEntry } from '../state';

/** A user's entry (profile, reachability, subscribed or not), if the store holds it. */
export const selectUser = selectorFamily(
  (identity: string): Selector<State, UserEntry | undefined> =>
    (state) =>
      lookup(state.users, identity)
);

/** The users the client is subscribed to (the current user among them), in the order they came. */
export const selectSubscribedUsers: Selector<State, readonly UserEntry[]> = createSelector(
  [(state: State) => state.users],
  (users) => Object.values(users).filter((entry) => entry.subscribed)
);

import { selectorFamily, type Selector } from '../memoize';
import { lookup } from '../records';
import type { State, UserEntry } from '../state';

/** A user's entry (profile, reachability, subscribed or not), if the store holds it. */
export const selectUser = selectorFamily(
  (identity: string): Selector<State, UserEntry | undefined> =>
    (state) => lookup(state.users, identity)
);

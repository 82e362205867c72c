import type { ParticipantData } from '../../../protocol';
import { createSelector, sameElements, selectorFamily, type Selector } from '../memoize';
import { lookup } from '../records';
import type { RosterEntry, State } from '../state';

const NONE: readonly ParticipantData[] = Object.freeze([]);

const rosterOf = (sid: string) => (state: State) => lookup(state.participants, sid)?.bySid;

/** A conversation's participants as far as the roster is known, oldest first (ties by sid). */
export const selectParticipants = selectorFamily((sid: string): Selector<State, readonly ParticipantData[]> =>
  createSelector([rosterOf(sid)], (bySid) => (bySid === undefined ? NONE : rosterList(bySid)), sameElements)
);

/** A conversation's roster as held: whole (`loaded`) or as far as events told it. */
export const selectRoster = selectorFamily(
  (sid: string): Selector<State, RosterEntry | undefined> =>
    (state) =>
      lookup(state.participants, sid)
);

/** Whether a participant is typing in a conversation now. */
export function selectIsTyping(sid: string, participantSid: string): Selector<State, boolean> {
  return (state) => lookup(lookup(state.typing, sid), participantSid) === true;
}

/** One participant, if the roster holds it. */
export function selectParticipant(sid: string, participantSid: string): Selector<State, ParticipantData | undefined> {
  return participantSelectors(`${sid}\u0000${participantSid}`);
}

const participantSelectors = selectorFamily((key: string): Selector<State, ParticipantData | undefined> => {
  const [sid, participantSid] = key.split('\u0000');
  return (state) => lookup(lookup(state.participants, sid)?.bySid, participantSid);
});

/**
 * Who is typing in a conversation now, in the order they started: those of them the roster holds.
 */
export const selectTypingParticipants = selectorFamily((sid: string): Selector<State, readonly ParticipantData[]> =>
  createSelector(
    [(state: State) => lookup(state.typing, sid), rosterOf(sid)],
    (typing, bySid) => {
      if (typing === undefined) return NONE;
      const out: ParticipantData[] = [];
      for (const participantSid in typing) {
        const participant = lookup(bySid, participantSid);
        if (participant !== undefined) out.push(participant);
      }
      return out;
    },
    sameElements
  )
);

/** A roster's participants, oldest first (ties by sid), frozen. */
export function rosterList(bySid: Readonly<Record<string, ParticipantData>>): readonly ParticipantData[] {
  return Object.freeze(Object.values(bySid).sort(byArrival));
}

function byArrival(a: ParticipantData, b: ParticipantData): number {
  return a.dateCreated - b.dateCreated || (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0);
}

import fc from 'fast-check';
import { messageAt } from '../../../lib/client/store/chunks';
import type { Emission } from '../../../lib/client/store/emissions';
import { createInitialState } from '../../../lib/client/store/initial-state';
import { reduce } from '../../../lib/client/store/reducer';
import { lookup } from '../../../lib/client/store/records';
import type { State } from '../../../lib/client/store/state';
import { durableSequence, liveSequence, redelivered, splitInto } from './arbitraries';
import { run, started } from './fixtures';
import { isDeepFrozen } from './frozen';

const start = (messageCacheSize = 1000): State => run(createInitialState({ messageCacheSize }), [started]).state;

/** True when `later` removes the entity `e` names (or its conversation). */
function removedLater(e: Emission, later: readonly Emission[]): boolean {
  return later.some((l) => {
    if (!('conversationSid' in e) || !('conversationSid' in l) || l.conversationSid !== e.conversationSid) return false;
    if (l.type === 'conversationRemoved') return true;
    if (l.type === 'participantLeft' && 'participantSid' in e) return l.participantSid === e.participantSid;
    if (l.type === 'typingEnded' && e.type === 'typingStarted') return l.participantSid === e.participantSid;
    if (l.type === 'messageRemoved' && 'index' in e) return l.index === e.index;
    return false;
  });
}

/**
 * Every emission names an entity the state holds, unless a later emission of the batch removes it;
 * removals carry `last`.
 */
function checkEmissions(state: State, emissions: readonly Emission[]): void {
  emissions.forEach((e, i) => {
    const later = emissions.slice(i + 1);
    const held = (): boolean => {
      switch (e.type) {
        case 'connectionStateChanged':
          return true;
        case 'conversationAdded':
        case 'conversationUpdated':
          return lookup(state.conversations, e.conversationSid) !== undefined;
        case 'conversationJoined':
          return lookup(state.conversations, e.conversationSid)?.status === 'joined';
        case 'participantJoined':
        case 'participantUpdated':
          return lookup(lookup(state.participants, e.conversationSid)?.bySid, e.participantSid) !== undefined;
        case 'messageAdded':
        case 'messageUpdated':
          return messageAt(lookup(state.messages, e.conversationSid), e.index) !== undefined;
        case 'typingStarted':
          return lookup(lookup(state.typing, e.conversationSid), e.participantSid) === true;
        case 'userSubscribed':
        case 'userUpdated':
          return lookup(state.users, e.identity) !== undefined;
        case 'conversationLeft':
        case 'conversationRemoved':
        case 'participantLeft':
        case 'messageRemoved':
        case 'userUnsubscribed':
        case 'typingEnded':
          return e.type === 'typingEnded' || e.last !== undefined;
      }
    };
    if (!held() && !removedLater(e, later))
      throw new Error(`emission ${i} names what the state does not hold: ${JSON.stringify(e)}`);
  });
}

describe('reduce: properties', () => {
  it('gives the state of the clean sequence, whatever duplicates, redeliveries and batching', () => {
    fc.assert(
      fc.property(
        durableSequence.chain((sequence) => fc.tuple(fc.constant(sequence), redelivered(sequence))),
        ([sequence, batches]) => {
          const oneBatch = reduce(start(), sequence).state;
          const onePerEvent = run(start(), ...sequence.map((action) => [action])).state;
          const flaky = run(start(), ...batches).state;
          expect(onePerEvent).toEqual(oneBatch);
          expect(flaky).toEqual(oneBatch);
          expect(flaky.session.position).toBe(sequence.length);
        }
      ),
      { numRuns: 300 }
    );
  });

  it('emits nothing for a batch made only of events already applied', () => {
    fc.assert(
      fc.property(durableSequence, (sequence) => {
        const state = reduce(start(), sequence).state;
        const again = reduce(state, sequence);
        expect(again.state).toBe(state);
        expect(again.emissions).toEqual([]);
      }),
      { numRuns: 100 }
    );
  });

  it('never emits an entity the resulting state does not hold, except what the batch removes later', () => {
    fc.assert(
      fc.property(
        liveSequence,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
        fc.constantFrom(0, 1, 3, 1000),
        (sequence, cut, cacheSize) => {
          let state = start(cacheSize);
          for (const batch of splitInto(sequence, cut)) {
            const result = reduce(state, batch);
            checkEmissions(result.state, result.emissions);
            expect(isDeepFrozen(result.state)).toBe(true);
            state = result.state;
          }
        }
      ),
      { numRuns: 300 }
    );
  });
});

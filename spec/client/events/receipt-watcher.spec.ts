import fc from 'fast-check';
import type { ParticipantData } from '../../../lib/protocol';
import { amountOf } from '../../../lib/client/receipts/aggregated-delivery-receipt';
import { receiptCounter } from '../../../lib/client/store/receipt-counter';
import { ReceiptWatcher, affectedBy } from '../../../lib/client/events/receipt-watcher';
import { emptyWindow, heldMessages, putMessage } from '../../../lib/client/store/chunks';
import type { MessageWindow, RosterEntry, State } from '../../../lib/client/store/state';
import { message, participant } from '../store/fixtures';

const SID = 'C1';
const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin'];

type Horizons = Record<string, { read: number | null; delivered: number | null } | null>;

function roster(horizons: Horizons): RosterEntry {
  const bySid = Object.create(null) as Record<string, ParticipantData>;
  for (const identity of PEOPLE) {
    const h = horizons[identity];
    if (h === null || h === undefined) continue;
    const p = participant(SID, identity, { lastReadMessageIndex: h.read, lastDeliveredMessageIndex: h.delivered });
    bySid[p.sid] = p;
  }
  return { loaded: true, bySid };
}

function state(entry: RosterEntry, window: MessageWindow): State {
  return { participants: { [SID]: entry }, messages: { [SID]: window } } as unknown as State;
}

/** What a watcher that counts every held message again would emit: the indexes whose amount moved. */
function fullRecount(before: RosterEntry, after: RosterEntry, window: MessageWindow): number[] {
  const was = receiptCounter(before.bySid);
  const now = receiptCounter(after.bySid);
  return heldMessages(window)
    .filter((m) => {
      const a = was(m);
      const b = now(m);
      return (
        amountOf(a.delivered, a.total) !== amountOf(b.delivered, b.total) ||
        amountOf(a.read, a.total) !== amountOf(b.read, b.total) ||
        a.total > 0 !== b.total > 0
      );
    })
    .map((m) => m.index);
}

const horizon = fc.option(fc.integer({ min: 0, max: 120 }), { nil: null });
const horizons: fc.Arbitrary<Horizons> = fc.record(
  Object.fromEntries(
    PEOPLE.map((p) => [p, fc.option(fc.record({ read: horizon, delivered: horizon }), { freq: 6, nil: null })])
  )
);

describe('ReceiptWatcher', () => {
  it('emits for exactly the messages a full recount finds, counting only those between the two horizons', () => {
    fc.assert(
      fc.property(
        horizons,
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 5 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 60 }),
        fc.array(fc.constantFrom(...PEOPLE), { maxLength: 3 }),
        (start, moves, indexes, authors) => {
          const window = emptyWindow();
          for (const [i, index] of indexes.entries())
            putMessage(window, message(SID, index, { author: authors.length ? authors[i % authors.length] : 'bob' }));
          const watcher = new ReceiptWatcher();
          let current = roster(start);
          watcher.published(state(current, window));
          // move horizons forward by the given steps, one participant at a time
          for (const [step, by] of moves.entries()) {
            const who = PEOPLE[step % PEOPLE.length];
            const next = { ...start };
            const h = start[who];
            next[who] = h === null ? null : { read: h.read, delivered: (h.delivered ?? -1) + by * 10 };
            start = next;
            const after = roster(next);
            const emitted = watcher
              .published(state(after, window))
              .map((e) => (e.type === 'messageUpdated' ? e.index : -1));
            expect(emitted).toEqual(fullRecount(current, after, window));
            current = after;
          }
        }
      ),
      { numRuns: 300 }
    );
  });

  it('narrows a horizon move to the messages it crossed, and a participant who came or went to all', () => {
    const a = roster({ alice: { read: 3, delivered: 5 }, bob: { read: null, delivered: null } });
    const moved = roster({ alice: { read: 3, delivered: 9 }, bob: { read: null, delivered: null } });
    expect(affectedBy(a.bySid, moved.bySid)).toEqual({ from: 6, to: 9 });
    const read = roster({ alice: { read: 7, delivered: 5 }, bob: { read: null, delivered: null } });
    expect(affectedBy(a.bySid, read.bySid)).toEqual({ from: 4, to: 7 });
    expect(affectedBy(a.bySid, roster({ alice: { read: 3, delivered: 5 } }).bySid)).toBe('all');
    expect(
      affectedBy(
        a.bySid,
        roster({
          alice: { read: 3, delivered: 5 },
          bob: { read: null, delivered: null },
          carol: { read: 1, delivered: 1 }
        }).bySid
      )
    ).toBe('all');
    expect(affectedBy(a.bySid, a.bySid)).toBeNull();
  });
});

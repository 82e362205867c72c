import { createInitialState } from '../../../lib/client/store/initial-state';
import { reduce } from '../../../lib/client/store/reducer';
import { ME, conversation, ev, joined, message, participant, pending, run, server, started, types } from './fixtures';

describe('reduce: participants', () => {
  it('adds someone who joined to the roster and announces it; the shared fields follow the event', () => {
    const before = joined(['C1']);
    const dave = participant('C1', 'dave');
    const { state, emissions } = run(before, [
      ev.participantJoined(1, dave, conversation('C1', { participantsCount: 4 }))
    ]);
    expect(state.participants.C1.bySid[dave.sid]).toEqual(dave);
    expect(state.participants.C1.loaded).toBe(true);
    expect(state.conversations.C1.data.participantsCount).toBe(4);
    expect(emissions).toEqual([{ type: 'participantJoined', conversationSid: 'C1', participantSid: dave.sid }]);
  });

  it('ignores someone else joining a conversation the store does not know', () => {
    const before = joined(['C1']);
    const { state, emissions } = run(before, [ev.participantJoined(1, participant('C9', 'dave'), conversation('C9'))]);
    expect(state.participants).toBe(before.participants);
    expect(state.conversations.C9).toBeUndefined();
    expect(emissions).toEqual([]);
  });

  it('makes the user joined when the user is the one who joined: added, joined, then participantJoined', () => {
    const before = run(createInitialState(), [started]).state;
    const me = participant('C1', ME);
    const data = conversation('C1', { participantsCount: 2 });
    const { state, emissions } = run(before, [ev.participantJoined(1, me, data)]);
    expect(emissions).toEqual([
      { type: 'conversationAdded', conversationSid: 'C1' },
      { type: 'conversationJoined', conversationSid: 'C1' },
      { type: 'participantJoined', conversationSid: 'C1', participantSid: me.sid }
    ]);
    expect(state.conversations.C1).toEqual({
      data,
      status: 'joined',
      participantSid: me.sid,
      lastReadMessageIndex: null,
      unreadCount: null,
      notificationLevel: 'default',
      mentionCount: 0
    });
    expect(state.participants.C1).toEqual({ loaded: false, bySid: { [me.sid]: me } });
  });

  it('joins a peeked conversation: updated with status, joined, participantJoined', () => {
    const before = run(createInitialState(), [
      started,
      { type: 'conversationPeeked', conversation: conversation('P1') }
    ]).state;
    const me = participant('P1', ME);
    expect(types(run(before, [ev.participantJoined(1, me, conversation('P1'))]))).toEqual([
      'conversationUpdated',
      'conversationJoined',
      'participantJoined'
    ]);
    expect(run(before, [ev.participantJoined(1, me, conversation('P1'))]).emissions[0]).toEqual({
      type: 'conversationUpdated',
      conversationSid: 'P1',
      reasons: ['status']
    });
  });

  it('reports the reference reasons of a participant update', () => {
    const before = joined(['C1']);
    const bob = before.participants.C1.bySid['MB-C1-bob'];
    const next = {
      ...bob,
      attributes: { away: true },
      role: 'admin' as const,
      lastReadMessageIndex: 3,
      lastReadTimestamp: 77,
      dateUpdated: 9
    };
    const { state, emissions } = run(before, [ev.participantUpdated(1, next)]);
    expect(emissions).toEqual([
      {
        type: 'participantUpdated',
        conversationSid: 'C1',
        participantSid: bob.sid,
        reasons: ['attributes', 'dateUpdated', 'roleSid', 'lastReadMessageIndex', 'lastReadTimestamp']
      }
    ]);
    expect(state.participants.C1.bySid[bob.sid]).toEqual(next);
  });

  it('changes the state on a delivery-horizon change, without an emission', () => {
    const before = joined(['C1']);
    const bob = before.participants.C1.bySid['MB-C1-bob'];
    const { state, emissions } = run(before, [ev.participantUpdated(1, { ...bob, lastDeliveredMessageIndex: 5 })]);
    expect(emissions).toEqual([]);
    expect(state.participants.C1.bySid[bob.sid].lastDeliveredMessageIndex).toBe(5);
  });

  it('changes nothing for an update equal to what is held', () => {
    const before = joined(['C1']);
    const bob = before.participants.C1.bySid['MB-C1-bob'];
    const result = reduce(before, [ev.participantUpdated(1, { ...bob, attributes: {} })]);
    expect(result.state.participants).toBe(before.participants);
    expect(result.emissions).toEqual([]);
  });

  it('puts in silently an updated participant the roster did not hold', () => {
    const before = joined(['C1']);
    const dave = participant('C1', 'dave');
    const { state, emissions } = run(before, [ev.participantUpdated(1, dave)]);
    expect(state.participants.C1.bySid[dave.sid]).toEqual(dave);
    expect(emissions).toEqual([]);
  });

  it('takes someone who left out of the roster, ends their typing, and carries the last value', () => {
    const before = run(joined(['C1']), [ev.typingStarted('C1', 'bob')]).state;
    const held = before.participants.C1.bySid['MB-C1-bob'];
    const { state, emissions } = run(before, [ev.participantLeft(1, participant('C1', 'bob', { dateUpdated: 5 }))]);
    expect(emissions).toEqual([
      { type: 'typingEnded', conversationSid: 'C1', participantSid: held.sid },
      { type: 'participantLeft', conversationSid: 'C1', participantSid: held.sid, last: held }
    ]);
    expect(state.participants.C1.bySid[held.sid]).toBeUndefined();
    expect(state.typing.C1).toBeUndefined();
  });

  it('counts one participant fewer when someone else leaves, without a reason to emit', () => {
    const before = run(joined(['C1']), [ev.conversationUpdated(1, conversation('C1', { participantsCount: 3 }))]).state;
    const { state, emissions } = run(before, [ev.participantLeft(2, participant('C1', 'bob'))]);
    expect(state.conversations.C1.data.participantsCount).toBe(2);
    expect(emissions.map((e) => e.type)).toEqual(['participantLeft']);
  });

  it('takes delivery horizons that moved, silently, for held participants only', () => {
    const before = run(joined(['C1']), [
      ev.participantUpdated(1, participant('C1', 'bob', { lastDeliveredMessageIndex: 5 }))
    ]).state;
    const delivered = (seq: number, horizons: { participantSid: string; index: number }[]) =>
      server({ seq, name: 'participantsDelivered', data: { conversationSid: 'C1', horizons } });
    const { state, emissions } = run(before, [
      delivered(2, [
        { participantSid: 'MB-C1-bob', index: 9 },
        { participantSid: 'MB-C1-carol', index: 4 },
        { participantSid: 'MB-C1-nobody', index: 4 }
      ])
    ]);
    expect(emissions).toEqual([]);
    expect(state.participants.C1.bySid['MB-C1-bob'].lastDeliveredMessageIndex).toBe(9);
    expect(state.participants.C1.bySid['MB-C1-carol'].lastDeliveredMessageIndex).toBe(4);
    expect(state.participants.C1.bySid['MB-C1-nobody']).toBeUndefined();
    const backwards = reduce(state, [delivered(3, [{ participantSid: 'MB-C1-bob', index: 2 }])]);
    expect(backwards.state.participants).toBe(state.participants);
  });

  it('removes the conversation when the user is the one who left', () => {
    const before = run(joined(['C1']), [
      ev.messageAdded(1, message('C1', 0)),
      { type: 'pendingAdded', message: pending('C1', 'k') }
    ]).state;
    const last = before.conversations.C1;
    const me = before.participants.C1.bySid['MB-C1-alice'];
    const { state, emissions } = run(before, [ev.participantLeft(2, me)]);
    // the roster held when the conversation went: the others, without the user who left
    const lastRoster = {
      loaded: true,
      bySid: {
        'MB-C1-bob': before.participants.C1.bySid['MB-C1-bob'],
        'MB-C1-carol': before.participants.C1.bySid['MB-C1-carol']
      }
    };
    expect(emissions).toEqual([
      { type: 'participantLeft', conversationSid: 'C1', participantSid: me.sid, last: me },
      { type: 'conversationLeft', conversationSid: 'C1', last, lastRoster },
      { type: 'conversationRemoved', conversationSid: 'C1', last, lastRoster }
    ]);
    expect(state.conversations).toEqual({});
    expect(state.participants).toEqual({});
    expect(state.messages).toEqual({});
  });

  it('replaces a roster with participantsLoaded, marks it loaded, keeps equal entries and emits nothing', () => {
    const before = run(createInitialState(), [
      started,
      {
        type: 'conversationsLoaded',
        items: [
          {
            conversation: conversation('C1'),
            participant: participant('C1', ME),
            unreadCount: null,
            notificationLevel: 'default'
          }
        ]
      }
    ]).state;
    const heldMe = before.participants.C1.bySid['MB-C1-alice'];
    const items = [participant('C1', ME), participant('C1', 'bob'), participant('C2', 'stray')];
    const { state, emissions } = run(before, [{ type: 'participantsLoaded', conversationSid: 'C1', items }]);
    expect(emissions).toEqual([]);
    expect(state.participants.C1.loaded).toBe(true);
    expect(Object.keys(state.participants.C1.bySid)).toEqual(['MB-C1-alice', 'MB-C1-bob']);
    expect(state.participants.C1.bySid['MB-C1-alice']).toBe(heldMe);
    const again = reduce(state, [{ type: 'participantsLoaded', conversationSid: 'C1', items }]);
    expect(again.state).toBe(state);
  });

  it('ignores a roster for an unknown conversation', () => {
    const before = joined(['C1']);
    expect(
      reduce(before, [{ type: 'participantsLoaded', conversationSid: 'C9', items: [participant('C9', 'x')] }]).state
    ).toBe(before);
  });
});

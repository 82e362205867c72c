import type { Action } from '../../../lib/client/store/actions';
import { createInitialState } from '../../../lib/client/store/initial-state';
import { reduce } from '../../../lib/client/store/reducer';
import { ME, conversation, ev, joined, message, mine, participant, pending, run, started, types } from './fixtures';

const load = (...items: ReturnType<typeof mine>[]): Action => ({ type: 'conversationsLoaded', items });

describe('reduce: conversation lists', () => {
  it('adds new conversations as joined, with conversationAdded then conversationJoined', () => {
    const item = mine('C1', {
      unreadCount: 3,
      notificationLevel: 'muted',
      participant: participant('C1', ME, { lastReadMessageIndex: 4 })
    });
    const result = run(createInitialState(), [started, load(item, mine('C2'))]);
    expect(result.emissions).toEqual([
      { type: 'conversationAdded', conversationSid: 'C1' },
      { type: 'conversationJoined', conversationSid: 'C1' },
      { type: 'conversationAdded', conversationSid: 'C2' },
      { type: 'conversationJoined', conversationSid: 'C2' }
    ]);
    expect(result.state.conversations.C1).toEqual({
      data: item.conversation,
      status: 'joined',
      participantSid: 'MB-C1-alice',
      lastReadMessageIndex: 4,
      unreadCount: 3,
      notificationLevel: 'muted',
      mentionCount: 0
    });
  });

  it('puts the own participant into the roster, not loaded', () => {
    const { state, emissions } = run(createInitialState(), [started, load(mine('C1'))]);
    expect(state.participants.C1).toEqual({ loaded: false, bySid: { 'MB-C1-alice': participant('C1', ME) } });
    expect(emissions.some((e) => e.type === 'participantJoined')).toBe(false);
  });

  it('keeps a loaded roster loaded when a page upserts the own participant', () => {
    const before = joined(['C1']);
    const item = mine('C1', { participant: participant('C1', ME, { lastReadMessageIndex: 2 }) });
    const { state, emissions } = run(before, [load(item)]);
    expect(state.participants.C1.loaded).toBe(true);
    expect(state.participants.C1.bySid['MB-C1-alice'].lastReadMessageIndex).toBe(2);
    expect(emissions).toEqual([
      { type: 'conversationUpdated', conversationSid: 'C1', reasons: ['lastReadMessageIndex'] },
      {
        type: 'participantUpdated',
        conversationSid: 'C1',
        participantSid: 'MB-C1-alice',
        reasons: ['lastReadMessageIndex']
      }
    ]);
  });

  it('reports only the reasons that really changed for a known conversation', () => {
    const before = joined(['C1']);
    const same = run(before, [load(mine('C1', {}, { attributes: {} }))]);
    expect(same.state).toBe(before);
    expect(same.emissions).toEqual([]);
    const changed = run(before, [
      load(
        mine(
          'C1',
          { notificationLevel: 'muted' },
          { friendlyName: 'New', attributes: { a: 1 }, state: { current: 'inactive', dateUpdated: 5 } }
        )
      )
    ]);
    expect(changed.emissions).toEqual([
      {
        type: 'conversationUpdated',
        conversationSid: 'C1',
        reasons: ['attributes', 'friendlyName', 'state', 'notificationLevel']
      }
    ]);
  });

  it('changes the state without an emission when only counts changed', () => {
    const before = joined(['C1']);
    const { state, emissions } = run(before, [
      load(mine('C1', { unreadCount: 7 }, { messagesCount: 9, participantsCount: 3 }))
    ]);
    expect(emissions).toEqual([]);
    expect(state.conversations.C1.unreadCount).toBe(7);
    expect(state.conversations.C1.data.messagesCount).toBe(9);
  });

  it('keeps the shared-fields object when only the user-specific fields changed', () => {
    const before = joined(['C1']);
    const { state } = run(before, [load(mine('C1', { unreadCount: 1 }))]);
    expect(state.conversations.C1.data).toBe(before.conversations.C1.data);
  });

  it('turns a peeked conversation into a joined one: updated with status, then joined', () => {
    const peeked = run(createInitialState(), [
      started,
      { type: 'conversationPeeked', conversation: conversation('C1') }
    ]);
    const { emissions, state } = run(peeked.state, [load(mine('C1'))]);
    expect(emissions).toEqual([
      { type: 'conversationUpdated', conversationSid: 'C1', reasons: ['status'] },
      { type: 'conversationJoined', conversationSid: 'C1' }
    ]);
    expect(state.conversations.C1.status).toBe('joined');
  });
});

describe('reduce: resync (conversationsReplaced, conversationsPruned)', () => {
  function busy() {
    const base = joined(['C1', 'C2', 'C3']);
    return run(
      base,
      [
        { type: 'conversationPeeked', conversation: conversation('P1') },
        ev.messageAdded(1, message('C1', 0)),
        ev.messageAdded(2, message('C2', 0)),
        { type: 'pendingAdded', message: pending('C2', 'k1') }
      ],
      []
    ).state;
  }

  it('removes joined conversations missing from the list, with left and removed carrying the last entry', () => {
    const before = busy();
    const { state, emissions } = run(before, [{ type: 'conversationsReplaced', items: [mine('C1'), mine('C2')] }]);
    expect(Object.keys(state.conversations).sort()).toEqual(['C1', 'C2', 'P1']);
    expect(emissions).toEqual([
      { type: 'conversationUpdated', conversationSid: 'C1', reasons: ['lastMessage'] },
      { type: 'conversationUpdated', conversationSid: 'C2', reasons: ['lastMessage'] },
      {
        type: 'conversationLeft',
        conversationSid: 'C3',
        last: before.conversations.C3,
        lastRoster: before.participants.C3
      },
      {
        type: 'conversationRemoved',
        conversationSid: 'C3',
        last: before.conversations.C3,
        lastRoster: before.participants.C3
      }
    ]);
    expect(state.participants.C3).toBeUndefined();
  });

  it('drops every message window but keeps pending sends, and marks rosters not loaded', () => {
    const before = busy();
    const { state } = run(before, [{ type: 'conversationsReplaced', items: [mine('C1'), mine('C2'), mine('C3')] }]);
    expect(state.messages.C1).toBeUndefined();
    expect(state.messages.C2).toEqual({ chunkKeys: [], chunkList: [], size: 0, pending: [pending('C2', 'k1')] });
    expect(state.participants.C1.loaded).toBe(false);
    expect(state.participants.C1.bySid).toBe(before.participants.C1.bySid);
  });

  it('keeps chunks written in the same batch, since its emissions name them', () => {
    const before = busy();
    const { state, emissions } = run(before, [
      ev.messageAdded(3, message('C1', 1)),
      { type: 'conversationsPruned', keep: ['C1', 'C2', 'C3'] }
    ]);
    expect(types({ state, actions: [], emissions })).toEqual(['messageAdded', 'conversationUpdated']);
    expect(state.messages.C1.size).toBe(2);
    expect(state.messages.C2.size).toBe(0);
  });

  it('prunes after a paged reload with conversationsPruned', () => {
    const before = busy();
    const { state, emissions } = run(before, [load(mine('C2')), { type: 'conversationsPruned', keep: ['C2'] }]);
    expect(Object.keys(state.conversations).sort()).toEqual(['C2', 'P1']);
    expect(types({ state, actions: [], emissions })).toEqual([
      'conversationUpdated',
      'conversationLeft',
      'conversationRemoved',
      'conversationLeft',
      'conversationRemoved'
    ]);
  });
});

describe('reduce: single conversations', () => {
  it('adds a peeked conversation as notParticipating, then updates its shared fields', () => {
    const first = run(createInitialState(), [
      started,
      { type: 'conversationPeeked', conversation: conversation('P1') }
    ]);
    expect(first.emissions).toEqual([{ type: 'conversationAdded', conversationSid: 'P1' }]);
    expect(first.state.conversations.P1).toMatchObject({
      status: 'notParticipating',
      participantSid: null,
      unreadCount: null,
      lastReadMessageIndex: null
    });
    const again = run(first.state, [
      { type: 'conversationPeeked', conversation: conversation('P1', { uniqueName: 'room' }) }
    ]);
    expect(again.emissions).toEqual([{ type: 'conversationUpdated', conversationSid: 'P1', reasons: ['uniqueName'] }]);
    expect(again.state.conversations.P1.status).toBe('notParticipating');
  });

  it('replaces the shared fields on conversationUpdated, with reasons by deep diff', () => {
    const before = joined(['C1']);
    const sameContent = run(before, [ev.conversationUpdated(1, conversation('C1', { attributes: {} }))]);
    expect(sameContent.emissions).toEqual([]);
    expect(sameContent.state.conversations).toBe(before.conversations);
    const next = conversation('C1', { attributes: { topic: 'x' }, dateUpdated: 5, createdBy: 'bob', dateCreated: 2 });
    const { state, emissions } = run(before, [ev.conversationUpdated(1, next)]);
    expect(emissions).toEqual([
      {
        type: 'conversationUpdated',
        conversationSid: 'C1',
        reasons: ['attributes', 'createdBy', 'dateCreated', 'dateUpdated']
      }
    ]);
    expect(state.conversations.C1.data).toEqual(next);
  });

  it('ignores conversationUpdated for an unknown conversation', () => {
    const before = joined(['C1']);
    const { state, emissions } = run(before, [ev.conversationUpdated(1, conversation('C9'))]);
    expect(state.conversations).toBe(before.conversations);
    expect(emissions).toEqual([]);
  });

  it('treats a deleted conversation like leaving it: everything about it goes', () => {
    const before = run(joined(['C1', 'C2']), [
      ev.messageAdded(1, message('C1', 0)),
      ev.typingStarted('C1', 'bob'),
      { type: 'pendingAdded', message: pending('C1', 'k') }
    ]).state;
    const last = before.conversations.C1;
    const { state, emissions } = run(before, [ev.conversationRemoved(2, 'C1')]);
    const lastRoster = before.participants.C1;
    expect(emissions).toEqual([
      { type: 'conversationLeft', conversationSid: 'C1', last, lastRoster },
      { type: 'conversationRemoved', conversationSid: 'C1', last, lastRoster }
    ]);
    expect(state.conversations.C1).toBeUndefined();
    expect(state.participants.C1).toBeUndefined();
    expect(state.messages.C1).toBeUndefined();
    expect(state.typing.C1).toBeUndefined();
    expect(state.conversations.C2).toBe(before.conversations.C2);
  });

  it('emits only conversationRemoved for a deleted conversation the user was not in', () => {
    const before = run(createInitialState(), [
      started,
      { type: 'conversationPeeked', conversation: conversation('P1') }
    ]).state;
    expect(types(run(before, [ev.conversationRemoved(1, 'P1')]))).toEqual(['conversationRemoved']);
  });

  it('applies the user view: horizon and level are reasons, the unread count is state only', () => {
    const before = joined(['C1']);
    const unreadOnly = run(before, [ev.userConversationUpdated(1, 'C1', null, 4)]);
    expect(unreadOnly.emissions).toEqual([]);
    expect(unreadOnly.state.conversations.C1.unreadCount).toBe(4);
    const both = run(unreadOnly.state, [ev.userConversationUpdated(2, 'C1', 3, 0, 'muted')]);
    expect(both.emissions).toEqual([
      { type: 'conversationUpdated', conversationSid: 'C1', reasons: ['lastReadMessageIndex', 'notificationLevel'] }
    ]);
    expect(both.state.conversations.C1).toMatchObject({
      lastReadMessageIndex: 3,
      unreadCount: 0,
      notificationLevel: 'muted'
    });
    const same = reduce(both.state, [ev.userConversationUpdated(3, 'C1', 3, 0, 'muted')]);
    expect(same.emissions).toEqual([]);
    expect(same.state.conversations).toBe(both.state.conversations);
  });
});

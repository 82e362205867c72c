import {
  isPendingMessage,
  selectConnectionState,
  selectConversation,
  selectConversations,
  selectIsInitialized,
  selectMessage,
  selectMessageReceipt,
  selectMessages,
  selectParticipant,
  selectParticipants,
  selectPendingMessages,
  selectSession,
  selectTotalUnreadCount,
  selectTypingParticipants,
  selectUnreadCount,
  selectUser
} from '../../../lib/client/store/selectors';
import { createInitialState } from '../../../lib/client/store/initial-state';
import { CHUNK_SIZE } from '../../../lib/client/store/state';
import { ME, conversation, ev, joined, message, mine, participant, pending, run, started, user } from './fixtures';

describe('selectors: session and conversations', () => {
  it('reads the connection and the session', () => {
    const state = run(createInitialState(), [
      started,
      { type: 'connectionChanged', state: 'connected' },
      { type: 'initialized' }
    ]).state;
    expect(selectConnectionState(state)).toBe('connected');
    expect(selectSession(state).identity).toBe(ME);
    expect(selectIsInitialized(state)).toBe(true);
    expect(selectIsInitialized(createInitialState())).toBe(false);
  });

  it('sorts conversations by latest activity, ties by sid, and keeps the array while nothing moves', () => {
    const state = run(createInitialState(), [
      started,
      {
        type: 'conversationsLoaded',
        items: [
          mine('B', {}, { dateCreated: 50 }),
          mine('A', {}, { dateCreated: 50 }),
          mine('C', {}, { dateCreated: 10 }),
          mine('D', {}, { dateCreated: 20 })
        ]
      },
      ev.messageAdded(1, message('C', 0, { dateCreated: 100 }))
    ]).state;
    const list = selectConversations(state);
    expect(list.map((entry) => entry.data.sid)).toEqual(['C', 'A', 'B', 'D']);
    const typingOnly = run(state, [ev.typingStarted('C', 'bob')]).state;
    expect(selectConversations(typingOnly)).toBe(list);
    const unreadOnly = run(state, [ev.userConversationUpdated(2, 'A', 0, 0)]).state;
    expect(selectConversations(unreadOnly)).not.toBe(list);
    const moved = run(state, [ev.messageAdded(3, message('D', 0, { dateCreated: 200 }))]).state;
    expect(selectConversations(moved).map((entry) => entry.data.sid)).toEqual(['D', 'C', 'A', 'B']);
  });

  it('selects one conversation and its unread count; factories return the same selector', () => {
    const state = run(joined(['C1', 'C2']), [ev.userConversationUpdated(1, 'C1', 0, 3)]).state;
    expect(selectConversation('C1')).toBe(selectConversation('C1'));
    expect(selectConversation('C1')(state)).toBe(state.conversations.C1);
    expect(selectConversation('nope')(state)).toBeUndefined();
    expect(selectUnreadCount('C1')(state)).toBe(3);
    expect(selectUnreadCount('C2')(state)).toBeNull();
    expect(selectUnreadCount('C1')).toBe(selectUnreadCount('C1'));
  });

  it('sums the non-null unread counts of joined conversations', () => {
    const state = run(joined(['C1', 'C2', 'C3']), [
      ev.userConversationUpdated(1, 'C1', 0, 3),
      ev.userConversationUpdated(2, 'C2', 0, 4),
      { type: 'conversationPeeked', conversation: conversation('P1') }
    ]).state;
    expect(selectTotalUnreadCount(state)).toBe(7);
    expect(selectTotalUnreadCount(createInitialState())).toBe(0);
  });
});

describe('selectors: messages', () => {
  const base = () =>
    run(joined(['C1']), [
      ev.messageAdded(1, message('C1', CHUNK_SIZE + 1)),
      { type: 'messagesLoaded', conversationSid: 'C1', items: [message('C1', 0), message('C1', 5)] },
      { type: 'pendingAdded', message: pending('C1', 'k1') },
      { type: 'pendingAdded', message: pending('C1', 'k2') }
    ]).state;

  it('lists messages in index order, then pending sends in issue order', () => {
    const items = selectMessages('C1')(base());
    expect(items.map((item) => (isPendingMessage(item) ? item.key : item.index))).toEqual([
      0,
      5,
      CHUNK_SIZE + 1,
      'k1',
      'k2'
    ]);
    expect(items.filter(isPendingMessage)).toHaveLength(2);
    expect(selectMessages('C9')(base())).toEqual([]);
  });

  it('keeps the same array while the window is unchanged, and for an unrelated change', () => {
    const state = base();
    const select = selectMessages('C1');
    const first = select(state);
    expect(select(run(state, [ev.typingStarted('C1', 'bob')]).state)).toBe(first);
    const next = run(state, [ev.messageAdded(2, message('C1', CHUNK_SIZE + 2))]).state;
    expect(select(next)).not.toBe(first);
    expect(select(next)).toHaveLength(6);
  });

  it('re-lists only the chunk an append touched', () => {
    const state = base();
    const before = selectMessages('C1')(state);
    const next = run(state, [ev.messageAdded(2, message('C1', CHUNK_SIZE + 2))]).state;
    const after = selectMessages('C1')(next);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[1]);
    expect(next.messages.C1.chunkList[0]).toBe(state.messages.C1.chunkList[0]);
  });

  it('shows a failed send in place, and drops a reconciled one', () => {
    const state = run(base(), [
      { type: 'pendingFailed', conversationSid: 'C1', key: 'k1', error: { code: 1, message: 'x', status: 500 } }
    ]).state;
    expect(selectPendingMessages('C1')(state).map((p) => p.status)).toEqual(['failed', 'pending']);
    const reconciled = run(state, [ev.messageAdded(2, message('C1', CHUNK_SIZE + 2, { author: ME, key: 'k2' }))]).state;
    expect(
      selectMessages('C1')(reconciled)
        .filter(isPendingMessage)
        .map((p) => p.key)
    ).toEqual(['k1']);
    expect(selectPendingMessages('C9')(state)).toEqual([]);
  });

  it('selects one message by sid and index', () => {
    const state = base();
    expect(selectMessage('C1', 5)).toBe(selectMessage('C1', 5));
    expect(selectMessage('C1', 5)(state)?.sid).toBe('IM-C1-5');
    expect(selectMessage('C1', 6)(state)).toBeUndefined();
  });
});

describe('selectors: participants, typing, users', () => {
  it('lists participants oldest first, and selects one', () => {
    const state = run(createInitialState(), [
      started,
      { type: 'conversationsLoaded', items: [mine('C1')] },
      {
        type: 'participantsLoaded',
        conversationSid: 'C1',
        items: [
          participant('C1', 'zoe', { dateCreated: 1 }),
          participant('C1', ME, { dateCreated: 5 }),
          participant('C1', 'bob', { dateCreated: 5 })
        ]
      }
    ]).state;
    const list = selectParticipants('C1')(state);
    expect(list.map((p) => p.identity)).toEqual(['zoe', ME, 'bob']);
    expect(selectParticipants('C1')(run(state, [ev.messageAdded(1, message('C1', 0))]).state)).toBe(list);
    expect(selectParticipant('C1', 'MB-C1-bob')(state)?.identity).toBe('bob');
    expect(selectParticipant('C1', 'MB-C1-bob')).toBe(selectParticipant('C1', 'MB-C1-bob'));
    expect(selectParticipants('C9')(state)).toEqual([]);
  });

  it('lists typers in the order they started, and recomputes when typing changes', () => {
    const state = run(joined(['C1']), [ev.typingStarted('C1', 'carol'), ev.typingStarted('C1', 'bob')]).state;
    const typing = selectTypingParticipants('C1')(state);
    expect(typing.map((p) => p.identity)).toEqual(['carol', 'bob']);
    const after = run(state, [ev.messageAdded(1, message('C1', 0, { author: 'carol' }))]).state;
    expect(selectTypingParticipants('C1')(after).map((p) => p.identity)).toEqual(['bob']);
    expect(selectTypingParticipants('C2')(state)).toEqual([]);
  });

  it('selects a user', () => {
    const state = run(joined([]), [{ type: 'usersLoaded', items: [user('bob')] }]).state;
    expect(selectUser('bob')(state)).toEqual({ data: user('bob'), subscribed: true });
    expect(selectUser('nobody')(state)).toBeUndefined();
  });
});

describe('selectors: receipts', () => {
  it('counts the other participants that got and read a message; read implies delivered', () => {
    const base = run(joined(['C1']), [ev.messageAdded(1, message('C1', 4, { author: 'bob' }))]).state;
    const bySid = base.participants.C1.bySid;
    const select = selectMessageReceipt('C1', 4);
    expect(select).toBe(selectMessageReceipt('C1', 4));
    expect(select(base)).toEqual({ total: 2, delivered: 0, read: 0 });
    const delivered = run(base, [
      ev.participantUpdated(2, { ...bySid['MB-C1-carol'], lastDeliveredMessageIndex: 4 })
    ]).state;
    expect(select(delivered)).toEqual({ total: 2, delivered: 1, read: 0 });
    const read = run(delivered, [ev.participantUpdated(3, { ...bySid['MB-C1-alice'], lastReadMessageIndex: 9 })]).state;
    expect(select(read)).toEqual({ total: 2, delivered: 2, read: 1 });
    const authorRead = run(read, [ev.participantUpdated(4, { ...bySid['MB-C1-bob'], lastReadMessageIndex: 9 })]).state;
    const again = select(authorRead);
    expect(again).toEqual({ total: 2, delivered: 2, read: 1 });
    expect(again).toBe(select(read));
  });

  it('finds the author by identity when the message has no participant sid, and is null for a message not held', () => {
    const state = run(joined(['C1']), [
      ev.messageAdded(1, message('C1', 0, { participantSid: null, author: 'carol' }))
    ]).state;
    expect(selectMessageReceipt('C1', 0)(state)).toEqual({ total: 2, delivered: 0, read: 0 });
    expect(selectMessageReceipt('C1', 1)(state)).toBeNull();
  });
});

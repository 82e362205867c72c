import { createInitialState } from '../../../lib/client/store/initial-state';
import type { Action } from '../../../lib/client/store/actions';
import type { CachedDetail, CachedState } from '../../../lib/client/store/cached-state';
import { heldMessages } from '../../../lib/client/store/chunks';
import { conversation, message, ME, participant, pending, run, started, user } from './fixtures';
import { isDeepFrozen } from './frozen';

/** What a cache hands over first: two conversations, a user and a pending send, at position 40. */
function list(): CachedState {
  const entry = (sid: string) => ({
    data: { ...conversation(sid), attributes: { topic: { nested: [sid] } } },
    status: 'joined' as const,
    participantSid: `MB-${sid}-${ME}`,
    lastReadMessageIndex: 0,
    unreadCount: 1,
    notificationLevel: 'default' as const,
    mentionCount: 0
  });
  return {
    identity: ME,
    position: 40,
    conversations: [entry('C1'), entry('C2')],
    users: [{ data: user(ME), subscribed: true }],
    pending: [pending('C1', 'k1')],
    commands: []
  };
}

/** What it hands over after: C1's window (and one of a conversation it does not hold), whole and partial rosters. */
function detail(): CachedDetail {
  return {
    windows: [
      { sid: 'C1', messages: [message('C1', 0), message('C1', 1)] },
      { sid: 'C9', messages: [message('C9', 0)] }
    ],
    rosters: [
      { sid: 'C1', loaded: true, participants: [participant('C1', ME), participant('C1', 'bob')] },
      { sid: 'C2', loaded: false, participants: [participant('C2', ME)] }
    ]
  };
}

const restored = (cached: CachedState): Action => ({ type: 'cacheRestored', cached });
const detailed = (position: number, kept: CachedDetail): Action => ({
  type: 'cacheDetailRestored',
  position,
  detail: kept
});

describe('the store restored from a cache: the list, then the rest', () => {
  it('puts the list in first (frozen all the way down), then the windows beside pending sends, and rosters', () => {
    const first = run(createInitialState(), [restored(list())]).state;
    expect(Object.keys(first.conversations).sort()).toEqual(['C1', 'C2']);
    expect(first.session).toMatchObject({ identity: ME, position: 40, source: 'cache' });
    expect(first.messages.C1).toMatchObject({ size: 0, pending: [{ key: 'k1' }] });
    expect(first.participants).toEqual({});
    expect(isDeepFrozen(first)).toBe(true);
    const whole = run(first, [detailed(40, detail())]).state;
    expect(heldMessages(whole.messages.C1).map((item) => item.index)).toEqual([0, 1]);
    expect(whole.messages.C1.pending.map((item) => item.key)).toEqual(['k1']);
    expect(whole.messages.C9).toBeUndefined();
    // a roster kept in part is read again at catch-up
    expect(Object.keys(whole.participants)).toEqual(['C1']);
    expect(whole.participants.C1.loaded).toBe(true);
    expect(isDeepFrozen(whole)).toBe(true);
  });

  it('puts the rest only into the list of the same position, before anything else came in', () => {
    const first = run(createInitialState(), [restored(list())]).state;
    expect(run(first, [detailed(39, detail())]).state).toBe(first);
    // the server came first: the store holds its session, not the cache's
    const live = run(createInitialState(), [started]).state;
    expect(run(live, [restored(list()), detailed(40, detail())]).state.messages).toEqual({});
  });
});

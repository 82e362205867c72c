import { createInitialState } from '../../../lib/client/store/initial-state';
import { reduce } from '../../../lib/client/store/reducer';
import type { State } from '../../../lib/client/store/state';
import { ME, ev, joined, message, mine, participant, pending, run, started, types, user } from './fixtures';
import { isDeepFrozen } from './frozen';

describe('reduce: general', () => {
  it('starts from a frozen initial state with the default cache size', () => {
    const state = createInitialState();
    expect(isDeepFrozen(state)).toBe(true);
    expect(state.config.messageCacheSize).toBe(1000);
    expect(state.session).toEqual({
      identity: null,
      position: 0,
      status: 'initializing',
      reachabilityEnabled: false,
      failure: null,
      source: 'none',
      warning: null
    });
    expect(createInitialState({ messageCacheSize: 10 }).config.messageCacheSize).toBe(10);
    expect(() => createInitialState({ messageCacheSize: -1 })).toThrow(RangeError);
  });

  it('returns a deeply frozen state, payloads included', () => {
    const added = {
      ...message('C1', 0, { attributes: { nested: { deep: [1, 2] } } }),
      media: [{ sid: 'ME1', filename: 'a.png', contentType: 'image/png', size: 3, category: 'media' as const }],
      contentVariables: { name: 'Ann' }
    };
    const { state } = run(joined(['C1']), [ev.messageAdded(1, added)]);
    expect(isDeepFrozen(state)).toBe(true);
    expect(Object.isFrozen(added.attributes)).toBe(true);
    expect(Object.isFrozen(added.media[0])).toBe(true);
    expect(Object.isFrozen(added.contentVariables)).toBe(true);
  });

  it('freezes everything every kind of action writes', () => {
    const error = { code: 1, message: 'x', status: 500 };
    const results = [
      run(
        joined(['C1']),
        [{ type: 'pendingAdded', message: pending('C1', 'k') }],
        [{ type: 'pendingFailed', conversationSid: 'C1', key: 'k', error }]
      ),
      run(
        joined(['C1']),
        [{ type: 'pendingAdded', message: pending('C1', 'k') }],
        [{ type: 'pendingRetried', conversationSid: 'C1', key: 'k' }]
      ),
      run(joined(['C1']), [ev.participantUpdated(1, participant('C1', 'bob', { attributes: { a: [1] } }))]),
      run(joined(['C1']), [
        ev.participantJoined(1, participant('C2', ME), { ...joined(['C1']).conversations.C1.data, sid: 'C2' })
      ]),
      run(joined(['C1']), [
        { type: 'usersLoaded', items: [user('bob', { attributes: { a: {} } })] },
        ev.userUpdated(user('zed'))
      ]),
      run(joined(['C1']), [
        ev.typingStarted('C1', 'bob'),
        { type: 'connectionChanged', state: 'denied', error: { terminal: true, message: 'no' } }
      ]),
      run(
        joined(['C1']),
        [{ type: 'messagesLoaded', conversationSid: 'C1', items: [message('C1', 0), message('C1', 300)] }],
        [ev.messageRemoved(1, message('C1', 300))]
      ),
      run(
        joined(['C1']),
        [ev.messageAdded(1, message('C1', 0))],
        [ev.messageUpdated(2, message('C1', 0, { body: 'b' }))]
      ),
      run(
        joined(['C1']),
        [ev.userConversationUpdated(1, 'C1', 1, 2)],
        [{ type: 'conversationsReplaced', items: [mine('C1')] }]
      )
    ];
    for (const { state } of results) expect(isDeepFrozen(state)).toBe(true);
  });

  it('returns the same state object when nothing changed', () => {
    const state = joined(['C1']);
    expect(reduce(state, []).state).toBe(state);
    expect(reduce(state, [{ type: 'connectionChanged', state: 'unknown' }]).state).toBe(state);
    expect(reduce(state, [ev.typingStarted('C1', ME)]).state).toBe(state);
    expect(reduce(state, [{ type: 'typingExpired', conversationSid: 'C1', participantSid: 'nobody' }]).state).toBe(
      state
    );
  });

  it('keeps the references of what a batch did not touch', () => {
    const before = joined(['C1', 'C2']);
    const { state } = run(before, [ev.messageAdded(1, message('C1', 0))]);
    expect(state.conversations.C2).toBe(before.conversations.C2);
    expect(state.participants).toBe(before.participants);
    expect(state.users).toBe(before.users);
    expect(state.conversations.C1).not.toBe(before.conversations.C1);
  });

  it('ignores durable events at or below the position, and moves the position', () => {
    const first = run(joined(['C1']), [ev.messageAdded(5, message('C1', 0))]);
    expect(first.state.session.position).toBe(5);
    const again = reduce(first.state, [ev.messageAdded(5, message('C1', 0)), ev.messageAdded(3, message('C1', 1))]);
    expect(again.state).toBe(first.state);
    expect(again.emissions).toEqual([]);
  });

  it('advances the position on an event for an unknown conversation, and changes nothing else', () => {
    const before = joined(['C1']);
    const { state, emissions } = run(before, [ev.messageAdded(7, message('C9', 0))]);
    expect(state.session.position).toBe(7);
    expect(state.conversations).toBe(before.conversations);
    expect(state.messages).toBe(before.messages);
    expect(emissions).toEqual([]);
  });

  it('keeps records safe for any key', () => {
    const { state } = run(createInitialState(), [
      started,
      { type: 'conversationsLoaded', items: [mine('__proto__'), mine('constructor')] }
    ]);
    expect(Object.keys(state.conversations)).toEqual(['__proto__', 'constructor']);
    const key: string = 'constructor';
    expect(state.conversations[key].status).toBe('joined');
    expect('toString' in run(createInitialState(), [started]).state.conversations).toBe(false);
  });

  it('reduces an unfrozen state without touching it', () => {
    const frozen = joined(['C1']);
    const loose = JSON.parse(JSON.stringify(frozen)) as State;
    const copy = JSON.stringify(loose);
    const { state } = reduce(loose, [ev.messageAdded(1, message('C1', 0))]);
    expect(state.conversations.C1.data.messagesCount).toBe(1);
    expect(isDeepFrozen(state)).toBe(true);
    expect(JSON.stringify(loose)).toBe(copy);
  });

  it('reports emissions in the order things happened', () => {
    const result = run(joined(['C1']), [
      ev.typingStarted('C1', 'bob'),
      ev.messageAdded(1, message('C1', 0)),
      ev.participantLeft(2, { ...joined(['C1']).participants.C1.bySid['MB-C1-carol'] })
    ]);
    expect(types(result)).toEqual([
      'typingStarted',
      'typingEnded',
      'messageAdded',
      'conversationUpdated',
      'participantLeft'
    ]);
  });
});

import { reduce } from '../../../lib/client/store/reducer';
import { ME, ev, joined, run, user } from './fixtures';

describe('reduce: users', () => {
  it('subscribes loaded users: userSubscribed for new ones', () => {
    const { state, emissions } = run(joined([]), [{ type: 'usersLoaded', items: [user('bob'), user(ME)] }]);
    expect(emissions).toEqual([
      { type: 'userSubscribed', identity: 'bob' },
      { type: 'userSubscribed', identity: ME }
    ]);
    expect(state.users.bob).toEqual({ data: user('bob'), subscribed: true });
  });

  it('reports the reasons of a change, reachability included', () => {
    const before = run(joined([]), [{ type: 'usersLoaded', items: [user('bob')] }]).state;
    const next = user('bob', { friendlyName: 'Bob', attributes: { a: 1 }, isOnline: true, isNotifiable: false });
    const { state, emissions } = run(before, [ev.userUpdated(next)]);
    expect(emissions).toEqual([
      {
        type: 'userUpdated',
        identity: 'bob',
        reasons: ['friendlyName', 'attributes', 'reachabilityOnline', 'reachabilityNotifiable']
      }
    ]);
    expect(state.users.bob).toEqual({ data: next, subscribed: true });
    expect(reduce(state, [ev.userUpdated({ ...next, attributes: { a: 1 } })]).state).toBe(state);
  });

  it('reports a change from a loaded list too, and nothing for an equal one', () => {
    const before = run(joined([]), [{ type: 'usersLoaded', items: [user('bob')] }]).state;
    expect(run(before, [{ type: 'usersLoaded', items: [user('bob', { friendlyName: 'B' })] }]).emissions).toEqual([
      { type: 'userUpdated', identity: 'bob', reasons: ['friendlyName'] }
    ]);
    expect(reduce(before, [{ type: 'usersLoaded', items: [user('bob')] }]).state).toBe(before);
  });

  it('records an unknown user from an update, not subscribed unless it is the user', () => {
    const { state, emissions } = run(joined([]), [ev.userUpdated(user('zed')), ev.userUpdated(user(ME))]);
    expect(emissions).toEqual([]);
    expect(state.users.zed.subscribed).toBe(false);
    expect(state.users[ME].subscribed).toBe(true);
  });

  it('unsubscribes: kept, not subscribed, with the last value; never the user', () => {
    const before = run(joined([]), [{ type: 'usersLoaded', items: [user('bob'), user(ME)] }]).state;
    const { state, emissions } = run(before, [
      { type: 'userUnsubscribed', identity: 'bob' },
      { type: 'userUnsubscribed', identity: ME },
      { type: 'userUnsubscribed', identity: 'nobody' }
    ]);
    expect(emissions).toEqual([{ type: 'userUnsubscribed', identity: 'bob', last: user('bob') }]);
    expect(state.users.bob).toEqual({ data: user('bob'), subscribed: false });
    expect(state.users[ME].subscribed).toBe(true);
    const again = run(state, [{ type: 'usersLoaded', items: [user('bob')] }]);
    expect(again.emissions).toEqual([{ type: 'userSubscribed', identity: 'bob' }]);
  });
});

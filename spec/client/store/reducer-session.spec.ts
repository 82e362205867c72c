import { createInitialState } from '../../../lib/client/store/initial-state';
import { reduce } from '../../../lib/client/store/reducer';
import { run } from './fixtures';

const error = { terminal: false, message: 'lost', httpStatusCode: null, errorCode: null };

describe('reduce: connection and session', () => {
  it('emits connectionStateChanged only when the state changes', () => {
    const first = run(createInitialState(), [{ type: 'connectionChanged', state: 'connecting' }]);
    expect(first.emissions).toEqual([{ type: 'connectionStateChanged', state: 'connecting' }]);
    expect(reduce(first.state, [{ type: 'connectionChanged', state: 'connecting' }]).state).toBe(first.state);
  });

  it('records the error, and clears it with the next state that has none', () => {
    const failed = run(createInitialState(), [{ type: 'connectionChanged', state: 'disconnected', error }]);
    expect(failed.state.connection).toEqual({ state: 'disconnected', error });
    expect(Object.isFrozen(failed.state.connection.error)).toBe(true);
    const sameError = reduce(failed.state, [{ type: 'connectionChanged', state: 'disconnected', error: { ...error } }]);
    expect(sameError.state).toBe(failed.state);
    const newError = run(failed.state, [
      { type: 'connectionChanged', state: 'disconnected', error: { ...error, message: 'again' } }
    ]);
    expect(newError.emissions).toEqual([]);
    expect(newError.state.connection.error?.message).toBe('again');
    const back = run(newError.state, [{ type: 'connectionChanged', state: 'connected' }]);
    expect(back.state.connection).toEqual({ state: 'connected', error: null });
  });

  it('starts a session: identity, reachability, and the position unless it resumed', () => {
    const fresh = run(createInitialState(), [
      { type: 'sessionStarted', identity: 'alice', position: 40, resume: 'fresh', reachabilityEnabled: true }
    ]);
    expect(fresh.state.session).toEqual({
      identity: 'alice',
      position: 40,
      status: 'initializing',
      reachabilityEnabled: true,
      failure: null,
      source: 'none',
      warning: null
    });
    const resumed = run(fresh.state, [
      { type: 'sessionStarted', identity: 'alice', position: 99, resume: 'resumed', reachabilityEnabled: true }
    ]);
    expect(resumed.state.session.position).toBe(40);
    const resync = run(fresh.state, [
      { type: 'sessionStarted', identity: 'alice', position: 99, resume: 'resync', reachabilityEnabled: true }
    ]);
    expect(resync.state.session.position).toBe(99);
    expect(resync.emissions).toEqual([]);
  });

  it('follows the lifecycle: initialized, failed, shut down', () => {
    const base = createInitialState();
    expect(run(base, [{ type: 'initialized' }]).state.session.status).toBe('initialized');
    expect(run(base, [{ type: 'initFailed' }]).state.session.status).toBe('failed');
    expect(run(base, [{ type: 'initialized' }], [{ type: 'shutdown' }]).state.session.status).toBe('shutdown');
  });
});

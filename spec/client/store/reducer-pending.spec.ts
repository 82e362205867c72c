import { reduce } from '../../../lib/client/store/reducer';
import { ev, joined, message, pending, run } from './fixtures';

const error = { code: 50001, message: 'boom', status: 500 };

describe('reduce: pending sends', () => {
  it('appends sends in the order issued, creating the window, with no emission', () => {
    const { state, emissions } = run(joined(['C1']), [
      { type: 'pendingAdded', message: pending('C1', 'k1') },
      { type: 'pendingAdded', message: pending('C1', 'k2') }
    ]);
    expect(emissions).toEqual([]);
    expect(state.messages.C1).toEqual({
      chunkKeys: [],
      chunkList: [],
      size: 0,
      pending: [pending('C1', 'k1'), pending('C1', 'k2')]
    });
  });

  it('replaces a send added again with the same key, in place', () => {
    const before = run(joined(['C1']), [
      { type: 'pendingAdded', message: pending('C1', 'k1') },
      { type: 'pendingAdded', message: pending('C1', 'k2') }
    ]).state;
    const { state } = run(before, [{ type: 'pendingAdded', message: pending('C1', 'k1', { body: 'again' }) }]);
    expect(state.messages.C1.pending.map((p) => [p.key, p.body])).toEqual([
      ['k1', 'again'],
      ['k2', 'pending k2']
    ]);
  });

  it('marks a send failed and pending again on retry', () => {
    const before = run(joined(['C1']), [{ type: 'pendingAdded', message: pending('C1', 'k1') }]).state;
    const failed = run(before, [{ type: 'pendingFailed', conversationSid: 'C1', key: 'k1', error }]).state;
    expect(failed.messages.C1.pending[0]).toMatchObject({ status: 'failed', error });
    expect(
      reduce(failed, [{ type: 'pendingFailed', conversationSid: 'C1', key: 'k1', error: { ...error } }]).state
    ).toBe(failed);
    const retried = run(failed, [{ type: 'pendingRetried', conversationSid: 'C1', key: 'k1' }]).state;
    expect(retried.messages.C1.pending[0]).toMatchObject({ status: 'pending', error: null });
  });

  it('removes a send; a window left with nothing goes, one with messages stays', () => {
    const empty = run(joined(['C1']), [
      { type: 'pendingAdded', message: pending('C1', 'k1') },
      { type: 'pendingRemoved', conversationSid: 'C1', key: 'k1' }
    ]);
    expect(empty.state.messages.C1).toBeUndefined();
    const withMessages = run(joined(['C1']), [
      ev.messageAdded(1, message('C1', 0)),
      { type: 'pendingAdded', message: pending('C1', 'k1') },
      { type: 'pendingRemoved', conversationSid: 'C1', key: 'k1' }
    ]);
    expect(withMessages.state.messages.C1.pending).toEqual([]);
    expect(withMessages.state.messages.C1.size).toBe(1);
  });

  it('ignores keys it does not hold', () => {
    const before = run(joined(['C1']), [{ type: 'pendingAdded', message: pending('C1', 'k1') }]).state;
    expect(
      reduce(before, [
        { type: 'pendingFailed', conversationSid: 'C1', key: 'zz', error },
        { type: 'pendingRetried', conversationSid: 'C2', key: 'k1' },
        { type: 'pendingRemoved', conversationSid: 'C1', key: 'zz' }
      ]).state
    ).toBe(before);
  });
});

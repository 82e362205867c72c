import type { Action } from '../../../lib/client/store/actions';
import { CHUNK_SIZE, type MessageWindow, type State } from '../../../lib/client/store/state';

const chunkKeys = (window: MessageWindow) => window.chunkKeys;
import { ev, joined, message, run } from './fixtures';

const C = CHUNK_SIZE;

function live(state: State, from: number, count: number, seq: number): State {
  const batch: Action[] = [];
  for (let i = 0; i < count; i++) batch.push(ev.messageAdded(seq + i, message('C1', from + i)));
  return run(state, batch).state;
}

describe('reduce: memory bound', () => {
  it('evicts the oldest whole chunks during live traffic', () => {
    let state = joined(['C1'], { messageCacheSize: 2 * C });
    for (let chunk = 0; chunk < 5; chunk++) state = live(state, chunk * C, C, 1 + chunk * C);
    expect(chunkKeys(state.messages.C1)).toEqual([3, 4]);
    expect(state.messages.C1.size).toBe(2 * C);
    expect(state.conversations.C1.data.messagesCount).toBe(5 * C);
  });

  it('keeps a freshly loaded older page, evicting the chunks farthest from it', () => {
    let state = joined(['C1'], { messageCacheSize: 2 * C });
    state = live(state, 8 * C, 2 * C, 1);
    const page = Array.from({ length: C }, (_, i) => message('C1', 2 * C + i));
    state = run(state, [{ type: 'messagesLoaded', conversationSid: 'C1', items: page }]).state;
    expect(chunkKeys(state.messages.C1)).toEqual([2, 8]);
  });

  it('evicts the older of two equally far chunks first', () => {
    let state = joined(['C1'], { messageCacheSize: 2 * C });
    state = run(state, [
      { type: 'messagesLoaded', conversationSid: 'C1', items: [message('C1', 3 * C), message('C1', 7 * C)] }
    ]).state;
    state = run(state, [{ type: 'messagesLoaded', conversationSid: 'C1', items: [message('C1', 5 * C)] }]).state;
    expect(chunkKeys(state.messages.C1)).toEqual([3, 5, 7]);
    const cap1 = joined(['C1'], { messageCacheSize: 2 });
    const next = run(cap1, [
      { type: 'messagesLoaded', conversationSid: 'C1', items: [message('C1', 3 * C), message('C1', 7 * C)] }
    ]).state;
    const after = run(next, [{ type: 'messagesLoaded', conversationSid: 'C1', items: [message('C1', 5 * C)] }]).state;
    expect(chunkKeys(after.messages.C1)).toEqual([5, 7]);
  });

  it('never evicts a chunk the batch wrote, so its emissions name held messages', () => {
    const state = joined(['C1'], { messageCacheSize: C });
    const { state: next, emissions } = run(state, [
      ...Array.from({ length: 3 * C }, (_, i) => ev.messageAdded(i + 1, message('C1', i)))
    ]);
    expect(next.messages.C1.size).toBe(3 * C);
    expect(emissions.filter((e) => e.type === 'messageAdded')).toHaveLength(3 * C);
    const later = live(next, 3 * C, 1, 10_000);
    expect(chunkKeys(later.messages.C1)).toEqual([3]);
  });

  it('keeps at least the chunk just written with a cache size of 0', () => {
    let state = joined(['C1'], { messageCacheSize: 0 });
    state = live(state, 0, 2, 1);
    state = live(state, C, 1, 10);
    expect(chunkKeys(state.messages.C1)).toEqual([1]);
    expect(state.messages.C1.size).toBe(1);
  });
});

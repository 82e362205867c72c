import { selectConversationRows } from '../../../lib/client/store/select/views';
import { ev, joined, message, run } from './fixtures';

describe('selectConversationRows with many conversations', () => {
  it('keeps every unchanged row (and rebuilds none) past the selector families’ 2,048 keys', () => {
    const sids = Array.from({ length: 3000 }, (_, i) => `CH${String(i).padStart(5, '0')}`);
    const state = joined(sids);
    const before = selectConversationRows(state);
    expect(before).toHaveLength(3000);
    expect(selectConversationRows(state) === before).toBe(true);
    const next = run(state, [ev.messageAdded(1, message(sids[10], 0))]).state;
    const after = selectConversationRows(next);
    expect(after === before).toBe(false);
    expect(after[0].sid).toBe(sids[10]);
    const bySid = new Map(before.map((row) => [row.sid, row]));
    const kept = after.filter((row) => bySid.get(row.sid) === row).length;
    expect(kept).toBe(2999);
  });
});

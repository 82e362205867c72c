import { reduce } from '../../../lib/client/store/reducer';
import { ME, ev, joined, run } from './fixtures';

describe('reduce: typing', () => {
  it('marks a typer and announces it once; a repeat signal changes nothing', () => {
    const first = run(joined(['C1']), [ev.typingStarted('C1', 'bob')]);
    expect(first.emissions).toEqual([{ type: 'typingStarted', conversationSid: 'C1', participantSid: 'MB-C1-bob' }]);
    expect(first.state.typing).toEqual({ C1: { 'MB-C1-bob': true } });
    const repeat = reduce(first.state, [ev.typingStarted('C1', 'bob')]);
    expect(repeat.emissions).toEqual([]);
    expect(repeat.state).toBe(first.state);
  });

  it('ends typing when the timer runs out, and drops an empty set', () => {
    const before = run(joined(['C1']), [ev.typingStarted('C1', 'bob'), ev.typingStarted('C1', 'carol')]).state;
    const one = run(before, [{ type: 'typingExpired', conversationSid: 'C1', participantSid: 'MB-C1-bob' }]);
    expect(one.emissions).toEqual([{ type: 'typingEnded', conversationSid: 'C1', participantSid: 'MB-C1-bob' }]);
    expect(one.state.typing.C1).toEqual({ 'MB-C1-carol': true });
    const both = run(one.state, [{ type: 'typingExpired', conversationSid: 'C1', participantSid: 'MB-C1-carol' }]);
    expect(both.state.typing).toEqual({});
  });

  it('never marks the user, nor anyone in an unknown conversation', () => {
    const before = joined(['C1']);
    expect(reduce(before, [ev.typingStarted('C1', ME), ev.typingStarted('C9', 'bob')]).state).toBe(before);
  });

  it('starts and ends within one batch, in order', () => {
    const result = run(joined(['C1']), [
      ev.typingStarted('C1', 'bob'),
      { type: 'typingExpired', conversationSid: 'C1', participantSid: 'MB-C1-bob' },
      ev.typingStarted('C1', 'bob')
    ]);
    expect(result.emissions.map((e) => e.type)).toEqual(['typingStarted', 'typingEnded', 'typingStarted']);
    expect(result.state.typing.C1).toEqual({ 'MB-C1-bob': true });
  });
});

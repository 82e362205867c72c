import { chunkAt, heldMessages, messageAt } from '../../../lib/client/store/chunks';
import { reduce } from '../../../lib/client/store/reducer';
import { CHUNK_SIZE } from '../../../lib/client/store/state';
import { ME, ev, joined, message, pending, run, types } from './fixtures';

describe('reduce: messageAdded', () => {
  it('puts the message in its chunk, by slot, and counts it', () => {
    const index = CHUNK_SIZE * 2 + 5;
    const added = message('C1', index);
    const { state } = run(joined(['C1']), [ev.messageAdded(1, added)]);
    const window = state.messages.C1;
    expect(window.chunkKeys).toEqual([2]);
    expect(window.chunkList[0][5]).toBe(added);
    expect(chunkAt(window, 2)?.[5]).toBe(added);
    expect(messageAt(window, index)).toBe(added);
    expect(window.size).toBe(1);
    expect(state.conversations.C1.data.messagesCount).toBe(1);
  });

  it('makes it the last message, body cut to 256 characters, and emits messageAdded then conversationUpdated', () => {
    const added = message('C1', 3, { body: 'x'.repeat(300), type: 'text' });
    const result = run(joined(['C1']), [ev.messageAdded(1, added)]);
    expect(result.state.conversations.C1.data.lastMessage).toEqual({
      index: 3,
      sid: added.sid,
      author: 'bob',
      body: 'x'.repeat(256),
      type: 'text',
      dateCreated: added.dateCreated
    });
    expect(result.emissions).toEqual([
      { type: 'messageAdded', conversationSid: 'C1', index: 3, message: added },
      { type: 'conversationUpdated', conversationSid: 'C1', reasons: ['lastMessage'] }
    ]);
  });

  it('emits each message with its data, which it still reads once a later batch evicted it from the window', () => {
    const first = Array.from({ length: CHUNK_SIZE }, (_, i) => message('C1', i));
    const later = Array.from({ length: CHUNK_SIZE * 2 }, (_, i) => message('C1', CHUNK_SIZE + i));
    const one = run(
      joined(['C1'], { messageCacheSize: 1 }),
      first.map((m, i) => ev.messageAdded(i + 1, m))
    );
    const two = run(
      one.state,
      later.map((m, i) => ev.messageAdded(CHUNK_SIZE + i + 1, m))
    );
    expect(messageAt(two.state.messages.C1, 0)).toBeUndefined();
    expect(one.emissions.flatMap((e) => (e.type === 'messageAdded' ? [e.message] : []))).toEqual(first);
  });

  it('copies only the chunk it touches', () => {
    const before = run(joined(['C1']), [
      ev.messageAdded(1, message('C1', 0)),
      ev.messageAdded(2, message('C1', CHUNK_SIZE))
    ]).state;
    const { state } = run(before, [ev.messageAdded(3, message('C1', CHUNK_SIZE + 1))]);
    expect(chunkAt(state.messages.C1, 0)).toBe(chunkAt(before.messages.C1, 0));
    expect(chunkAt(state.messages.C1, 1)).not.toBe(chunkAt(before.messages.C1, 1));
  });

  it('counts unread only once the horizon is set, and only past it', () => {
    const unset = run(joined(['C1']), [ev.messageAdded(1, message('C1', 0))]).state;
    expect(unset.conversations.C1.unreadCount).toBeNull();
    const set = run(joined(['C1']), [ev.userConversationUpdated(1, 'C1', 5, 0)]).state;
    const past = run(set, [ev.messageAdded(2, message('C1', 6)), ev.messageAdded(3, message('C1', 7))]).state;
    expect(past.conversations.C1.unreadCount).toBe(2);
    const below = run(set, [ev.messageAdded(2, message('C1', 4))]).state;
    expect(below.conversations.C1.unreadCount).toBe(0);
  });

  it('ends the author typing, before announcing the message', () => {
    const before = run(joined(['C1']), [ev.typingStarted('C1', 'bob'), ev.typingStarted('C1', 'carol')]).state;
    const result = run(before, [ev.messageAdded(1, message('C1', 0))]);
    expect(types(result)).toEqual(['typingEnded', 'messageAdded', 'conversationUpdated']);
    expect(result.state.typing.C1).toEqual({ 'MB-C1-carol': true });
  });

  it('finds the typing author by identity when the message has no participant sid', () => {
    const before = run(joined(['C1']), [ev.typingStarted('C1', 'bob')]).state;
    const result = run(before, [ev.messageAdded(1, message('C1', 0, { participantSid: null }))]);
    expect(result.state.typing.C1).toBeUndefined();
  });

  it('replaces the pending send of the same key by the same author', () => {
    const before = run(joined(['C1']), [
      { type: 'pendingAdded', message: pending('C1', 'k1') },
      { type: 'pendingAdded', message: pending('C1', 'k2') },
      { type: 'pendingAdded', message: pending('C1', 'k3', { author: 'bob' }) }
    ]).state;
    const mineArrived = run(before, [ev.messageAdded(1, message('C1', 0, { author: ME, key: 'k2' }))]).state;
    expect(mineArrived.messages.C1.pending.map((p) => p.key)).toEqual(['k1', 'k3']);
    const otherAuthor = run(before, [ev.messageAdded(1, message('C1', 0, { author: 'bob', key: 'k1' }))]).state;
    expect(otherAuthor.messages.C1.pending.map((p) => p.key)).toEqual(['k1', 'k2', 'k3']);
    const bobs = run(before, [ev.messageAdded(1, message('C1', 0, { author: 'bob', key: 'k3' }))]).state;
    expect(bobs.messages.C1.pending.map((p) => p.key)).toEqual(['k1', 'k2']);
  });

  it('is a no-op for an index held and already counted', () => {
    const before = run(joined(['C1']), [ev.messageAdded(1, message('C1', 0))]).state;
    const result = reduce(before, [ev.messageAdded(2, message('C1', 0, { body: 'again' }))]);
    expect(result.emissions).toEqual([]);
    expect(result.state.conversations).toBe(before.conversations);
    expect(result.state.messages).toBe(before.messages);
    expect(result.state.session.position).toBe(2);
  });

  it('counts once a message a page brought in before its event was applied', () => {
    const page = run(joined(['C1']), [
      { type: 'messagesLoaded', conversationSid: 'C1', items: [message('C1', 0), message('C1', 1)] }
    ]).state;
    const result = run(page, [ev.messageAdded(1, message('C1', 1))]);
    expect(types(result)).toEqual(['messageAdded', 'conversationUpdated']);
    expect(result.state.conversations.C1.data.messagesCount).toBe(1);
    expect(result.state.messages.C1.size).toBe(2);
  });

  it('ignores a message for an unknown conversation', () => {
    const before = joined(['C1']);
    const result = run(before, [ev.messageAdded(1, message('C9', 0))]);
    expect(result.state.messages).toBe(before.messages);
    expect(result.emissions).toEqual([]);
  });
});

describe('reduce: messageUpdated', () => {
  const held = () =>
    run(joined(['C1']), [ev.messageAdded(1, message('C1', 0)), ev.messageAdded(2, message('C1', 1))]).state;

  it('replaces a held message with the reasons that changed', () => {
    const next = message('C1', 0, {
      body: 'edited',
      attributes: { x: 1 },
      dateUpdated: 99,
      lastUpdatedBy: 'bob',
      media: [{ sid: 'ME1', filename: null, contentType: 'image/png', size: 3, category: 'media' }]
    });
    const { state, emissions } = run(held(), [ev.messageUpdated(3, next)]);
    expect(emissions).toEqual([
      {
        type: 'messageUpdated',
        conversationSid: 'C1',
        index: 0,
        reasons: ['body', 'lastUpdatedBy', 'dateUpdated', 'attributes', 'media']
      }
    ]);
    expect(messageAt(state.messages.C1, 0)).toBe(next);
  });

  it('keeps the last message preview in step', () => {
    const { state, emissions } = run(held(), [ev.messageUpdated(3, message('C1', 1, { body: 'edited' }))]);
    expect(emissions).toEqual([
      { type: 'messageUpdated', conversationSid: 'C1', index: 1, reasons: ['body'] },
      { type: 'conversationUpdated', conversationSid: 'C1', reasons: ['lastMessage'] }
    ]);
    expect(state.conversations.C1.data.lastMessage?.body).toBe('edited');
  });

  it('ignores a message not held, but still follows the preview of the last message', () => {
    const before = run(joined(['C1']), [
      ev.conversationUpdated(1, {
        ...joined(['C1']).conversations.C1.data,
        lastMessage: { index: 4, sid: 'IM-C1-4', author: 'bob', body: 'old', type: 'text', dateCreated: 1 }
      })
    ]).state;
    const other = run(before, [ev.messageUpdated(2, message('C1', 2, { body: 'x' }))]);
    expect(other.emissions).toEqual([]);
    expect(other.state.messages).toBe(before.messages);
    const last = run(before, [ev.messageUpdated(2, message('C1', 4, { body: 'new', dateCreated: 1 }))]);
    expect(last.emissions).toEqual([{ type: 'conversationUpdated', conversationSid: 'C1', reasons: ['lastMessage'] }]);
    expect(last.state.conversations.C1.data.lastMessage?.body).toBe('new');
    expect(last.state.messages.C1).toBeUndefined();
  });

  it('changes nothing for an update equal to what is held', () => {
    const before = held();
    const result = reduce(before, [ev.messageUpdated(3, message('C1', 0))]);
    expect(result.emissions).toEqual([]);
    expect(result.state.messages).toBe(before.messages);
  });
});

describe('reduce: messageRemoved', () => {
  it('takes a held message out with its last value, and the counts follow', () => {
    const before = run(joined(['C1']), [
      ev.userConversationUpdated(1, 'C1', 0, 0),
      ev.messageAdded(2, message('C1', 1)),
      ev.messageAdded(3, message('C1', 2))
    ]).state;
    expect(before.conversations.C1.unreadCount).toBe(2);
    const last = messageAt(before.messages.C1, 1);
    const { state, emissions } = run(before, [ev.messageRemoved(4, message('C1', 1))]);
    expect(emissions).toEqual([{ type: 'messageRemoved', conversationSid: 'C1', index: 1, last }]);
    expect(messageAt(state.messages.C1, 1)).toBeUndefined();
    expect(state.messages.C1.size).toBe(1);
    expect(state.conversations.C1.data.messagesCount).toBe(1);
    expect(state.conversations.C1.unreadCount).toBe(1);
  });

  it('falls back to the newest held message below when the last message goes', () => {
    const before = run(joined(['C1']), [
      ev.messageAdded(1, message('C1', 1)),
      ev.messageAdded(2, message('C1', CHUNK_SIZE + 3))
    ]).state;
    const { state, emissions } = run(before, [ev.messageRemoved(3, message('C1', CHUNK_SIZE + 3))]);
    expect(types({ state, actions: [], emissions })).toEqual(['messageRemoved', 'conversationUpdated']);
    expect(state.conversations.C1.data.lastMessage?.index).toBe(1);
    expect(state.messages.C1.chunkKeys).toEqual([0]);
  });

  it('leaves the preview to the server when nothing below is held, and counts a message it did not hold', () => {
    const before = run(joined(['C1']), [ev.messageAdded(1, message('C1', 5))]).state;
    const { state, emissions } = run(before, [ev.messageRemoved(2, message('C1', 5))]);
    expect(types({ state, actions: [], emissions })).toEqual(['messageRemoved']);
    expect(state.conversations.C1.data.lastMessage?.index).toBe(5);
    const notHeld = run(state, [ev.messageRemoved(3, message('C1', 2))]);
    expect(notHeld.emissions).toEqual([]);
    expect(notHeld.state.conversations.C1.data.messagesCount).toBe(0);
  });

  it('does not take a different message that sits at the index', () => {
    const before = run(joined(['C1']), [ev.messageAdded(1, message('C1', 0))]).state;
    const { state } = run(before, [ev.messageRemoved(2, message('C1', 0, { sid: 'IM-other' }))]);
    expect(state.messages.C1.size).toBe(1);
  });
});

describe('reduce: messagesLoaded', () => {
  it('puts a page in whole, with no emission and no count change', () => {
    const items = Array.from({ length: 300 }, (_, i) => message('C1', i));
    const { state, emissions } = run(joined(['C1']), [{ type: 'messagesLoaded', conversationSid: 'C1', items }]);
    expect(emissions).toEqual([]);
    expect(state.messages.C1.size).toBe(300);
    expect(state.messages.C1.chunkKeys).toEqual(Array.from({ length: Math.ceil(300 / CHUNK_SIZE) }, (_, key) => key));
    expect(heldMessages(state.messages.C1)).toEqual(items);
    expect(state.conversations.C1.data.messagesCount).toBe(0);
  });

  it('keeps held messages equal to the page, and ignores unknown conversations', () => {
    const before = run(joined(['C1']), [
      { type: 'messagesLoaded', conversationSid: 'C1', items: [message('C1', 0)] }
    ]).state;
    expect(reduce(before, [{ type: 'messagesLoaded', conversationSid: 'C1', items: [message('C1', 0)] }]).state).toBe(
      before
    );
    expect(reduce(before, [{ type: 'messagesLoaded', conversationSid: 'C9', items: [message('C9', 0)] }]).state).toBe(
      before
    );
  });
});

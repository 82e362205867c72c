import { type CommandResult, ErrorCode } from '../../../lib/protocol';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

async function scene() {
  const w = await world();
  const alice = await w.connect('alice');
  const bob = await w.connect('bob');
  const eve = await w.connect('eve');
  const shared = (await alice.call('createConversation', {})).conversation.sid;
  await alice.call('addParticipant', { conversationSid: shared, identity: 'bob' });
  const evesOwn = (await eve.call('createConversation', {})).conversation.sid;
  return { alice, bob, eve, shared, evesOwn };
}

const bodies = (result: CommandResult<'searchMessages'>) => result.items.map((hit) => hit.message.body);

describe('searchMessages', () => {
  it('answers what the user may read, newest first, with the matched words marked', async () => {
    const { alice, bob, eve, shared, evesOwn } = await scene();
    await alice.call('sendMessage', { conversationSid: shared, key: 'a', body: 'Lunch at noon?' });
    await bob.call('sendMessage', { conversationSid: shared, key: 'b', body: 'lunch is great, LUNCHES too' });
    await eve.call('sendMessage', { conversationSid: evesOwn, key: 'e', body: 'secret lunch plans' });
    const found = await bob.call('searchMessages', { query: 'lunch' });
    expect(bodies(found)).toEqual(['lunch is great, LUNCHES too', 'Lunch at noon?']);
    expect(found.items[0].highlights).toEqual([
      [0, 5],
      [16, 23]
    ]);
    expect(found.nextCursor).toBeNull();
    expect(bodies(await eve.call('searchMessages', { query: 'lunch' }))).toEqual(['secret lunch plans']);
    expect((await eve.fail('searchMessages', { query: 'lunch', conversationSid: shared })).code).toBe(
      ErrorCode.NotFound
    );
    expect(bodies(await bob.call('searchMessages', { query: 'noon lunch' }))).toEqual(['Lunch at noon?']);
    expect((await bob.fail('searchMessages', { query: '?!' })).path).toBe('args.query');
    expect((await bob.fail('searchMessages', { query: 'x', cursor: 'bogus' })).path).toBe('args.cursor');
  });

  it('follows edits and removals at once, and pages by cursor', async () => {
    const { alice, bob, shared } = await scene();
    const sent = [];
    for (let i = 0; i < 5; i++)
      sent.push(await alice.call('sendMessage', { conversationSid: shared, key: `k${i}`, body: `topic ${i}` }));
    await alice.call('updateMessage', { conversationSid: shared, messageSid: sent[4].sid, body: 'changed' });
    await alice.call('removeMessage', { conversationSid: shared, messageSid: sent[3].sid });
    const first = await bob.call('searchMessages', { query: 'topic', pageSize: 2 });
    expect(bodies(first)).toEqual(['topic 2', 'topic 1']);
    const second = await bob.call('searchMessages', { query: 'topic', pageSize: 2, cursor: first.nextCursor });
    expect(bodies(second)).toEqual(['topic 0']);
    expect(second.nextCursor).toBeNull();
    expect(bodies(await bob.call('searchMessages', { query: 'chang' }))).toEqual(['changed']);
    // a participant who left reads nothing more of the conversation
    await bob.call('leaveConversation', { conversationSid: shared });
    expect(bodies(await bob.call('searchMessages', { query: 'topic' }))).toEqual([]);
  });
});

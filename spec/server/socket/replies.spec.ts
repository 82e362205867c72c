import { eventually } from '../helpers/client';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

describe('replies', () => {
  it('come before the events their command caused and carry the position of the last of them', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const created = await alice.request('createConversation', {});
    const joined = await alice.waitEvent('participantJoined');
    expect(created.position).toBe(joined.seq);
    const sid = created.result!.conversation.sid;

    const sent = await alice.request('sendMessage', { conversationSid: sid, key: 'k', body: 'x' });
    const added = await alice.waitEvent('messageAdded');
    expect(sent.position).toBe(added.seq);
    const eventFrame = alice.frames.findIndex(
      (f) =>
        (f.type === 'event' && f.seq === added.seq) ||
        (f.type === 'events' && f.events!.some((e) => e.seq === added.seq))
    );
    expect(alice.frames.indexOf(sent)).toBeLessThan(eventFrame);

    const read = await alice.request('updateReadHorizon', { conversationSid: sid, mode: 'all' });
    const own = await alice.waitEvent('userConversationUpdated');
    expect(read.position).toBe(own.seq);
    expect(alice.named('participantUpdated')[0].seq).toBe(own.seq! - 1);
  });

  it('carry no position when the command caused no durable event', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const { conversation } = await alice.call('createConversation', {});
    await alice.call('sendMessage', { conversationSid: conversation.sid, key: 'k', body: 'x' });
    for (const [command, args] of [
      ['getMessages', { conversationSid: conversation.sid }],
      ['sendMessage', { conversationSid: conversation.sid, key: 'k', body: 'x' }],
      ['typing', { conversationSid: conversation.sid }],
      ['updateUser', { friendlyName: 'A' }]
    ] as const) {
      const reply = await alice.request(command, args);
      expect([command, reply.result !== undefined, reply.position]).toEqual([command, true, undefined]);
    }
  });
});

describe('pipelined sends', () => {
  it('run while earlier sends commit: one commit, one events frame; replies in order, before events', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const bob = await connect('bob');
    const { conversation } = await alice.call('createConversation', {});
    await alice.call('addParticipant', { conversationSid: conversation.sid, identity: 'bob' });
    await bob.waitEvent('participantJoined');
    const count = 20;
    const framesBefore = bob.frames.length;
    const replies = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        alice.request('sendMessage', { conversationSid: conversation.sid, key: `k${i}`, body: `m${i}` })
      )
    );
    expect(replies.map((r) => r.result!.index)).toEqual(Array.from({ length: count }, (_, i) => i));
    const positions = replies.map((r) => r.position as number);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(replies.map((r) => alice.frames.indexOf(r))).toEqual(
      replies.map((r) => alice.frames.indexOf(r)).sort((a, b) => a - b)
    );
    for (const reply of replies) {
      const eventFrame = alice.frames.findIndex(
        (f) => f.type === 'events' && f.events!.some((e) => e.seq === reply.position)
      );
      expect(alice.frames.indexOf(reply)).toBeLessThan(
        eventFrame === -1 ? alice.frames.findIndex((f) => f.seq === reply.position) : eventFrame
      );
    }
    await eventually(() => bob.named('messageAdded').length === count, 3000, 'every message at bob');
    expect(bob.named('messageAdded').map((e) => e.data.message.body)).toEqual(
      Array.from({ length: count }, (_, i) => `m${i}`)
    );
    // sent one by one with a commit each, every message would reach bob in a frame of its own
    expect(bob.frames.length - framesBefore).toBeLessThan(count);
  });

  it('still run in order after a failing one, which changes nothing', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const { conversation } = await alice.call('createConversation', {});
    const replies = await Promise.all([
      alice.request('sendMessage', { conversationSid: conversation.sid, key: 'a', body: 'a' }),
      alice.request('sendMessage', { conversationSid: 'CH' + '0'.repeat(32), key: 'b', body: 'b' }),
      alice.request('sendMessage', { conversationSid: conversation.sid, key: 'c', body: 'c' })
    ]);
    expect(replies.map((r) => (r.error ? r.error.code : r.result!.index))).toEqual([0, 40400, 1]);
    const page = await alice.call('getMessages', { conversationSid: conversation.sid });
    expect(page.items.map((m) => m.body)).toEqual(['a', 'c']);
  });
});

import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

describe('replies', () => {
  it('come before the events their command caused and carry the position of the last of them', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const created = await alice.request('createConversation', {});
    const joined = await alice.waitEvent('participantJoined');
    expect(created.position).toBe(joined.seq);
    const sid = created.result.conversation.sid;

    const sent = await alice.request('sendMessage', { conversationSid: sid, key: 'k', body: 'x' });
    const added = await alice.waitEvent('messageAdded');
    expect(sent.position).toBe(added.seq);
    const eventFrame = alice.frames.findIndex((f) => (f.type === 'event' && f.seq === added.seq) || (f.type === 'events' && f.events.some((e: { seq?: number }) => e.seq === added.seq)));
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

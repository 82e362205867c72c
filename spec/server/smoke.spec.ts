import { cleanupAfterEach, world } from './helpers/setup';

cleanupAfterEach();

test('smoke: create, send, receive', async () => {
  const { connect } = await world();
  const alice = await connect('alice');
  const bob = await connect('bob');
  const conv = await alice.call('createConversation', { friendlyName: 'x' });
  await alice.call('addParticipant', { conversationSid: conv.conversation.sid, identity: 'bob' });
  await bob.waitEvent('participantJoined');
  const msg = await alice.call('sendMessage', { conversationSid: conv.conversation.sid, key: 'k1', body: 'hi' });
  expect(msg.index).toBe(0);
  const ev = await bob.waitEvent('messageAdded');
  expect(ev.data.message.body).toBe('hi');
});

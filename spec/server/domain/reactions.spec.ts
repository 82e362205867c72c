import { ErrorCode, LIMITS, NotificationTypes } from '../../../lib/protocol';
import { eventually } from '../helpers/client';
import { type PushListener, startPushListener } from '../helpers/push-listener';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

async function scene(options = {}) {
  const w = await world(options);
  const alice = await w.connect('alice');
  const bob = await w.connect('bob');
  const { conversation } = await alice.call('createConversation', {});
  const sid: string = conversation.sid;
  await alice.call('addParticipant', { conversationSid: sid, identity: 'bob' });
  await bob.waitEvent('participantJoined');
  const first = await alice.call('sendMessage', { conversationSid: sid, key: 'k0', body: 'hello' });
  return { ...w, alice, bob, sid, first };
}

describe('reactions', () => {
  it('a participant without edit rights reacts; everyone gets the summary; unreact undoes it', async () => {
    const { alice, bob, sid, first } = await scene();
    const at = { conversationSid: sid, messageSid: first.sid };
    expect((await bob.fail('updateMessage', { ...at, attributes: { reactions: 1 } })).code).toBe(ErrorCode.Forbidden);
    expect(await bob.call('addReaction', { ...at, key: '👍' })).toEqual({
      reactions: [{ key: '👍', count: 1, identities: ['bob'] }]
    });
    const seen = await alice.waitEvent('messageReactionsUpdated');
    expect(seen.data).toEqual({
      ...at,
      index: 0,
      identity: 'bob',
      key: '👍',
      added: true,
      reactions: [{ key: '👍', count: 1, identities: ['bob'] }]
    });
    await alice.call('addReaction', { ...at, key: '👍' });
    // adding it again changes nothing and emits nothing
    expect(await alice.call('addReaction', { ...at, key: '👍' })).toEqual({
      reactions: [{ key: '👍', count: 2, identities: ['bob', 'alice'] }]
    });
    const page = await bob.call('getMessages', { conversationSid: sid });
    expect(page.items[0]).toMatchObject({ reactions: [{ key: '👍', count: 2 }], myReactions: ['👍'] });
    expect(page.items[0].attributes).toEqual({});
    expect(await bob.call('removeReaction', { ...at, key: '👍' })).toEqual({
      reactions: [{ key: '👍', count: 1, identities: ['alice'] }]
    });
    expect((await bob.call('getMessages', { conversationSid: sid })).items[0].myReactions).toBeUndefined();
    const events = () => alice.events.filter((e) => e.name === 'messageReactionsUpdated');
    await eventually(() => events().length === 3, 3000, 'three reaction events');
  });

  it('refuses a bad key, too many keys per user, a non-participant and a missing message', async () => {
    const { bob, sid, first, connect } = await scene();
    const at = { conversationSid: sid, messageSid: first.sid };
    expect(await bob.fail('addReaction', { ...at, key: 'two words' })).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.key'
    });
    expect((await bob.fail('addReaction', { ...at, key: 'x'.repeat(LIMITS.maxReactionKeyLength + 1) })).code).toBe(
      ErrorCode.BadRequest
    );
    for (let i = 0; i < LIMITS.maxReactionsPerUserPerMessage; i++)
      await bob.call('addReaction', { ...at, key: `k${i}` });
    expect((await bob.fail('addReaction', { ...at, key: 'one-more' })).code).toBe(ErrorCode.LimitExceeded);
    const eve = await connect('eve');
    expect((await eve.fail('addReaction', { ...at, key: 'x' })).code).toBe(ErrorCode.NotFound);
    expect((await bob.fail('addReaction', { ...at, messageSid: 'IMnope', key: 'x' })).code).toBe(ErrorCode.NotFound);
  });
});

describe('replies', () => {
  it('names its parent by index or sid; the preview travels with it', async () => {
    const { bob, sid, first } = await scene();
    const byIndex = await bob.call('sendMessage', { conversationSid: sid, key: 'r1', body: 'yes', replyTo: 0 });
    expect(byIndex.replyTo).toEqual({
      index: 0,
      sid: first.sid,
      author: 'alice',
      body: 'hello',
      type: 'text',
      dateCreated: first.dateCreated
    });
    const bySid = await bob.call('sendMessage', { conversationSid: sid, key: 'r2', body: 'and', replyTo: first.sid });
    expect(bySid.replyTo?.index).toBe(0);
    expect(await bob.fail('sendMessage', { conversationSid: sid, key: 'r3', body: 'x', replyTo: 9 })).toMatchObject({
      code: ErrorCode.NotFound,
      path: 'args.replyTo'
    });
    const added = await bob.waitEvent('messageAdded', (e) => e.data.message.key === 'r1');
    expect(added.data.message.replyTo?.sid).toBe(first.sid);
  });
});

describe('mentions', () => {
  let listener: PushListener;
  beforeEach(async () => {
    listener = await startPushListener();
  });
  afterEach(async () => {
    await listener.close();
  });

  it('only of participants, counted past the horizon, pushed through a mute', async () => {
    const { alice, bob, sid } = await scene({ pushGatewayUrl: listener.url });
    await bob.call('setPushRegistration', { channelType: 'fcm', registrationId: 'bob-phone' });
    await bob.call('setNotificationLevel', { conversationSid: sid, level: 'muted' });
    await bob.call('updateReadHorizon', { conversationSid: sid, mode: 'all' });
    await bob.close();
    const sent = await alice.call('sendMessage', {
      conversationSid: sid,
      key: 'm1',
      body: '@bob look, @mallory is not here; mail@bob is no mention; @alice neither'
    });
    expect(sent.mentions).toEqual(['bob']);
    await alice.call('sendMessage', { conversationSid: sid, key: 'm2', body: 'no mention here' });
    await eventually(() => listener.received.length === 1, 3000, 'the push to muted, mentioned bob');
    expect(listener.received[0]).toMatchObject({
      registrationId: 'bob-phone',
      payload: { data: { twi_message_type: NotificationTypes.NEW_MESSAGE, message_index: '1' } }
    });
  });

  it('the user sees the mention count in the list and after moving the horizon', async () => {
    const { alice, bob, sid } = await scene();
    await bob.call('updateReadHorizon', { conversationSid: sid, mode: 'all' });
    await alice.call('sendMessage', { conversationSid: sid, key: 'm1', body: 'hey @bob' });
    await alice.call('sendMessage', { conversationSid: sid, key: 'm2', body: '(@bob) again' });
    const list = await bob.call('listMyConversations', {});
    expect(list.items[0]).toMatchObject({ unreadCount: 2, mentionCount: 2 });
    expect(await bob.call('getConversation', { sid })).toMatchObject({ mentionCount: 2 });
    await bob.call('updateReadHorizon', { conversationSid: sid, mode: 'set', index: 1 });
    const own = await bob.waitEvent('userConversationUpdated', (e) => e.data.lastReadMessageIndex === 1);
    expect(own.data).toMatchObject({ unreadCount: 1, mentionCount: 1 });
    // an edit that drops the mention drops the count
    const second = list.items[0].conversation.lastMessage;
    await alice.call('updateMessage', { conversationSid: sid, messageSid: second!.sid, body: 'again' });
    expect(await bob.call('getConversation', { sid })).not.toHaveProperty('mentionCount');
  });
});

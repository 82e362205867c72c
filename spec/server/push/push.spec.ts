import { NotificationTypes, PushDelivery, decode } from '../../../lib/protocol';
import { eventually } from '../helpers/client';
import { type PushListener, startPushListener } from '../helpers/push-listener';
import { memoryLogger } from '../helpers/server';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

let listener: PushListener;
beforeEach(async () => {
  listener = await startPushListener();
});
afterEach(async () => {
  await listener.close();
});

async function setup(options = {}) {
  const w = await world({ pushGatewayUrl: listener.url, ...options });
  const alice = await w.connect('alice');
  const bob = await w.connect('bob');
  const { conversation } = await alice.call('createConversation', { friendlyName: 'Team' });
  const sid: string = conversation.sid;
  await alice.call('addParticipant', { conversationSid: sid, identity: 'bob' });
  await alice.call('addParticipant', { conversationSid: sid, identity: 'carol' });
  return { ...w, alice, bob, sid };
}

const ofType = (type: string) => listener.received.filter((d) => d.type === type);

describe('push notifications', () => {
  it('pushes a message to each offline participant with a registration, not the author, not online ones', async () => {
    const { alice, bob, sid, connect } = await setup();
    await bob.call('setPushRegistration', { channelType: 'fcm', registrationId: 'bob-phone' });
    await alice.call('setPushRegistration', { channelType: 'apn', registrationId: 'alice-phone' });
    const carol = await connect('carol');
    await carol.call('setPushRegistration', { channelType: 'apn', registrationId: 'carol-phone' });
    await carol.close();
    await bob.call('sendMessage', {
      conversationSid: sid,
      key: 'online',
      body: 'bob is online, nobody offline but carol'
    });
    await eventually(() => ofType(NotificationTypes.NEW_MESSAGE).length === 1, 3000, 'the push to carol');
    await bob.close();

    await alice.call('sendMessage', { conversationSid: sid, key: 'k', body: 'hello from alice' });
    await eventually(() => ofType(NotificationTypes.NEW_MESSAGE).length === 3, 3000, 'pushes to bob and carol');
    const news = ofType(NotificationTypes.NEW_MESSAGE);
    for (const delivery of news) expect(decode(PushDelivery, delivery).ok).toBe(true);
    expect(news.map((d) => d.registrationId).sort()).toEqual(['bob-phone', 'carol-phone', 'carol-phone']);
    const toBob = news.find((d) => d.registrationId === 'bob-phone');
    expect(toBob).toMatchObject({
      identity: 'bob',
      channelType: 'fcm',
      payload: {
        data: {
          twi_message_type: NotificationTypes.NEW_MESSAGE,
          twi_title: 'Team',
          twi_body: 'alice: hello from alice',
          conversation_sid: sid,
          conversation_title: 'Team',
          message_index: '1',
          author: 'alice'
        }
      }
    });
    const toCarol = news.filter((d) => d.registrationId === 'carol-phone')[1];
    expect(toCarol.payload).toMatchObject({
      twi_message_type: NotificationTypes.NEW_MESSAGE,
      aps: { alert: { title: 'Team', body: 'alice: hello from alice' } }
    });
    expect(news.some((d) => d.identity === 'alice')).toBe(false);
  });

  it('honours a muted conversation, and a removed registration', async () => {
    const { alice, bob, sid, connect } = await setup();
    await bob.call('setPushRegistration', { channelType: 'fcm', registrationId: 'bob-phone' });
    await bob.call('setNotificationLevel', { conversationSid: sid, level: 'muted' });
    await bob.close();
    await alice.call('sendMessage', { conversationSid: sid, key: 'muted', body: 'not pushed' });
    const again = await connect('bob');
    await again.call('setNotificationLevel', { conversationSid: sid, level: 'default' });
    await again.call('removePushRegistration', { channelType: 'fcm', registrationId: 'bob-phone' });
    await again.close();
    await alice.call('sendMessage', { conversationSid: sid, key: 'unregistered', body: 'not pushed either' });
    await alice.call('setPushRegistration', { channelType: 'fcm', registrationId: 'alice-phone' });
    await alice.close();
    const carol = await connect('carol');
    await carol.call('sendMessage', { conversationSid: sid, key: 'marker', body: 'pushed to alice' });
    await eventually(() => listener.received.length === 1, 3000, 'the marker push');
    // a push caused after that one arrived: one for an earlier message would have come before it
    await carol.call('sendMessage', { conversationSid: sid, key: 'marker 2', body: 'pushed to alice again' });
    await eventually(() => listener.received.length === 2, 3000, 'the second marker push');
    expect(listener.received.map((d) => d.identity)).toEqual(['alice', 'alice']);
  });

  it('sends added_to_conversation and removed_from_conversation to the user concerned', async () => {
    const { alice, sid, connect } = await setup();
    const dave = await connect('dave');
    await dave.call('setPushRegistration', { channelType: 'apn', registrationId: 'dave-phone' });
    await dave.close();
    await alice.call('addParticipant', { conversationSid: sid, identity: 'dave' });
    await eventually(() => ofType(NotificationTypes.ADDED_TO_CONVERSATION).length === 1, 3000, 'added push');
    expect(ofType(NotificationTypes.ADDED_TO_CONVERSATION)[0]).toMatchObject({
      identity: 'dave',
      payload: { conversation_sid: sid, aps: { alert: { body: 'You were added to Team' } } }
    });
    await alice.call('removeParticipant', { conversationSid: sid, identity: 'dave' });
    await eventually(() => ofType(NotificationTypes.REMOVED_FROM_CONVERSATION).length === 1, 3000, 'removed push');
  });

  it('with reachability disabled, still sends only to users without a live session', async () => {
    const { alice, bob, sid, connect } = await setup({ reachabilityEnabled: false });
    await bob.call('setPushRegistration', { channelType: 'fcm', registrationId: 'bob-phone' });
    const carol = await connect('carol');
    await carol.call('setPushRegistration', { channelType: 'fcm', registrationId: 'carol-phone' });
    await carol.close();
    await alice.call('sendMessage', { conversationSid: sid, key: 'k', body: 'hi' });
    await eventually(() => listener.received.length === 1, 3000, 'the push to carol');
    // a push caused after that one arrived: one to bob for the first message would have come before it
    await alice.call('sendMessage', { conversationSid: sid, key: 'k2', body: 'hi again' });
    await eventually(() => listener.received.length === 2, 3000, 'the second push to carol');
    expect(listener.received.map((d) => d.identity)).toEqual(['carol', 'carol']);
  });

  it('logs a failing gateway and carries on', async () => {
    const logger = memoryLogger();
    const { alice, bob, sid } = await setup({ logger });
    await bob.call('setPushRegistration', { channelType: 'fcm', registrationId: 'bob-phone' });
    await bob.close();
    listener.status = 500;
    await alice.call('sendMessage', { conversationSid: sid, key: 'a', body: 'fails' });
    await eventually(
      () => logger.lines.some((l) => l.includes('push to bob (fcm) failed')),
      3000,
      'the failure logged'
    );
    listener.status = 200;
    await alice.call('sendMessage', { conversationSid: sid, key: 'b', body: 'works' });
    await eventually(() => listener.received.length === 2, 3000, 'the second push');
  });
});

import { expect } from '@jest/globals';
import { firstValueFrom } from 'rxjs';
import { Client, ErrorCode, NotificationTypes, PushNotification } from '../../lib/client';
import { waitFor } from '../helpers/wait';
import { type PushListener, startPushListener } from '../server/helpers/push-listener';
import { clientWorld, type ClientWorld } from './world';

describe('push notifications end to end', () => {
  let world: ClientWorld;
  let listener: PushListener;
  beforeEach(async () => {
    listener = await startPushListener();
    world = await clientWorld({ pushGatewayUrl: listener.url });
  });
  afterEach(async () => {
    await world.close();
    await listener.close();
  });

  it('registrations make a user notifiable; the payloads the server sends parse into PushNotifications', async () => {
    const alice = await world.client('alice');
    const bob = await world.client('bob');
    const bobUser = await alice.getUser('bob');
    expect(bobUser.isNotifiable).toBe(false);
    await bob.setPushRegistrationId('fcm', 'bob-android');
    await bob.setPushRegistrationId('apn', 'bob-iphone');
    await waitFor(() => bobUser.isNotifiable === true, 'bob to become notifiable');
    const conversation = await alice.createConversation({ friendlyName: 'Lunch' });
    const joined = firstValueFrom(bob.conversationJoined$);
    await conversation.add('bob');
    await joined;
    await bob.shutdown();
    await waitFor(() => bobUser.isOnline === false, 'bob to go offline');

    await conversation.sendMessage('noon?');
    await waitFor(
      () => listener.received.filter((d) => d.type === NotificationTypes.NEW_MESSAGE).length === 2,
      'two pushes'
    );
    const byChannel = Object.fromEntries(
      listener.received.filter((d) => d.type === NotificationTypes.NEW_MESSAGE).map((d) => [d.channelType, d] as const)
    );
    for (const channel of ['fcm', 'apn']) {
      const notification = Client.parsePushNotification(byChannel[channel].payload);
      expect(notification).toBeInstanceOf(PushNotification);
      expect(notification).toMatchObject({
        title: 'Lunch',
        body: 'alice: noon?',
        sound: 'default',
        type: 'twilio.conversations.new_message',
        data: { conversationSid: conversation.sid, conversationTitle: 'Lunch', messageIndex: 0 }
      });
      expect(notification.data.messageSid).toMatch(/^IM/);
    }
    const handled = firstValueFrom(alice.pushNotification$);
    await alice.handlePushNotification(byChannel.apn.payload);
    expect((await handled).type).toBe(NotificationTypes.NEW_MESSAGE);
    expect(alice.parsePushNotification(byChannel.fcm.payload).badge).toBeNull();
  });

  it('the push of a media message carries its media; unregistering stops pushes; bad input refused', async () => {
    const alice = await world.client('alice');
    const bob = await world.client('bob');
    await bob.setPushRegistrationId('fcm', 'bob-android');
    const conversation = await alice.createConversation();
    const joined = firstValueFrom(bob.conversationJoined$);
    await conversation.add('bob');
    await joined;
    await bob.removePushRegistrations('fcm', 'bob-android');
    await bob.setPushRegistrationId('fcm', 'bob-android-2');
    await expect(bob.setPushRegistrationId('sms' as 'fcm', 'x')).rejects.toMatchObject({ code: ErrorCode.BadRequest });
    await bob.shutdown();
    await conversation.sendMessage({ contentType: 'image/png', filename: 'p.png', media: new Uint8Array(4).fill(1) });
    await waitFor(() => listener.received.length === 1, 'the media push');
    expect(listener.received[0].registrationId).toBe('bob-android-2');
    const notification = Client.parsePushNotification(listener.received[0].payload);
    expect(notification.body).toBe('alice: sent a file');
    expect(notification.data.mediaCount).toBe(1);
    expect(notification.data.media).toMatchObject({ filename: 'p.png', content_type: 'image/png', size: 4 });
    expect(() => Client.parsePushNotification({ data: { twi_message_type: 'nope' } })).toThrow(
      expect.objectContaining({ code: ErrorCode.BadRequest })
    );
    expect(() => Client.parsePushNotification(42)).toThrow(expect.objectContaining({ code: ErrorCode.BadRequest }));
    expect(() => Client.populateInitRegistrations(null)).toThrow(
      expect.objectContaining({ code: ErrorCode.BadRequest })
    );
    expect(() => Client.populateInitRegistrations({ type: 'twilsock' })).not.toThrow();
  });

  it('unsetPushRegistrationId removes every registration of a channel', async () => {
    const bob = await world.client('bob');
    const alice = await world.client('alice');
    const bobUser = await alice.getUser('bob');
    await bob.setPushRegistrationId('apn', 'one');
    await bob.setPushRegistrationId('apn', 'two');
    await waitFor(() => bobUser.isNotifiable === true, 'notifiable');
    await bob.unsetPushRegistrationId('apn');
    await waitFor(() => bobUser.isNotifiable === false, 'not notifiable any more');
  });
});

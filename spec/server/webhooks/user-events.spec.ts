import { eventually } from '../helpers/client';
import { restClient } from '../helpers/rest';
import { cleanupAfterEach, world } from '../helpers/setup';
import { type WebhookReceiver, startWebhookReceiver } from '../helpers/webhook-receiver';

cleanupAfterEach();

const KEY = 'webhook-admin-key-0123';

let receiver: WebhookReceiver;
beforeEach(async () => {
  receiver = await startWebhookReceiver();
});
afterEach(() => receiver.close());

describe('post-event webhooks about users', () => {
  it('tell onUserAdded once per new user, however it came, and onUserUpdated for each profile change', async () => {
    const { connect, server } = await world({ adminKey: KEY, webhookPollIntervalMs: 50 });
    const rest = restClient(server.httpUrl, KEY);
    const configured = await rest('POST', '/v1/Configuration/Webhooks', {
      PostWebhookUrl: receiver.url,
      Filters: ['onUserAdded', 'onUserUpdated']
    });
    receiver.secret = (configured.body as { signing_secret: string }).signing_secret;

    const alice = await connect('alice'); // first sight: connecting
    const { conversation } = await alice.call('createConversation', {});
    await alice.call('addParticipant', { conversationSid: conversation.sid, identity: 'bob' }); // added
    await alice.close();
    const again = await connect('alice'); // known: nothing
    await again.call('updateUser', { friendlyName: 'Alice' });
    expect((await rest('POST', '/v1/Users', { Identity: 'carol', FriendlyName: 'Carol' })).status).toBe(201);
    expect((await rest('POST', '/v1/Users/bob', { Attributes: { team: 'blue' } })).status).toBe(200);

    const expected = [
      'onUserAdded alice null',
      'onUserAdded bob null',
      'onUserUpdated alice Alice',
      'onUserAdded carol Carol',
      'onUserUpdated bob null'
    ];
    await eventually(() => receiver.accepted().length >= expected.length, 10000, 'the user events');
    const seen = receiver
      .accepted()
      .map(({ payload }) => [payload.EventType, payload.Identity, payload.FriendlyName].map(String).join(' '));
    expect(seen).toEqual(expected);
    expect(receiver.calls.every((call) => call.verified)).toBe(true);
    expect(receiver.accepted()[4].payload).toMatchObject({ Attributes: { team: 'blue' }, Role: null });
  });
});

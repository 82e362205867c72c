import { ErrorCode } from '../../../lib/protocol';
import { type Refusal, type Resource, restClient } from '../helpers/rest';
import { cleanupAfterEach, world } from '../helpers/setup';
import { type WebhookReceiver, startWebhookReceiver } from '../helpers/webhook-receiver';

cleanupAfterEach();
jest.setTimeout(30000);

const KEY = 'pre-event-admin-key-01';

let receiver: WebhookReceiver;
beforeEach(async () => {
  receiver = await startWebhookReceiver();
});
afterEach(() => receiver.close());

async function setup(config: Record<string, unknown>) {
  const w = await world({ adminKey: KEY });
  const rest = restClient(w.server.httpUrl, KEY);
  const configured = await rest<Resource<'ServiceWebhooks'>>('POST', '/v1/Configuration/Webhooks', {
    PreWebhookUrl: receiver.url,
    ...config
  });
  expect(configured.status).toBe(200);
  receiver.secret = configured.body.signing_secret ?? null;
  const alice = await w.connect('alice');
  const { conversation } = await alice.call('createConversation', {});
  return { ...w, rest, alice, sid: conversation.sid };
}

describe('pre-event webhooks', () => {
  it('a refusal stops the write: WebSocket and REST callers get RefusedByWebhook, nothing stored or sent', async () => {
    const { rest, alice, connect, sid } = await setup({ Filters: ['onMessageAdd'] });
    await alice.call('addParticipant', { conversationSid: sid, identity: 'bob' });
    const bob = await connect('bob');
    receiver.answer = ({ payload: { Body } }) =>
      typeof Body === 'string' && Body.includes('spam') ? { status: 403 } : { status: 200 };
    const refused = await alice.fail('sendMessage', { conversationSid: sid, key: 'k1', body: 'buy spam' });
    expect(refused).toMatchObject({ code: ErrorCode.RefusedByWebhook, status: 403 });
    const overRest = await rest<Refusal>('POST', `/v1/Conversations/${sid}/Messages`, {
      Author: 'alice',
      Body: 'more spam'
    });
    expect([overRest.status, overRest.body.error.code]).toEqual([403, ErrorCode.RefusedByWebhook]);
    await alice.call('sendMessage', { conversationSid: sid, key: 'k2', body: 'hello' });
    expect((await alice.call('getMessages', { conversationSid: sid })).items.map((m) => m.body)).toEqual(['hello']);
    await bob.waitEvent('messageAdded');
    expect(bob.named('messageAdded').map((e) => e.data.message.body)).toEqual(['hello']);
    expect(receiver.calls.map((c) => c.payload)).toEqual([
      expect.objectContaining({ EventType: 'onMessageAdd', ConversationSid: sid, Author: 'alice', Body: 'buy spam' }),
      expect.objectContaining({ EventType: 'onMessageAdd', Author: 'alice', Body: 'more spam' }),
      expect.objectContaining({ EventType: 'onMessageAdd', Body: 'hello' })
    ]);
    expect(receiver.calls.every((c) => c.verified)).toBe(true);
  });

  it('an answer changes the body and attributes, within the limits', async () => {
    const { alice, sid } = await setup({ Filters: ['onMessageAdd', 'onMessageUpdate'] });
    receiver.answer = ({ payload: { Body } }) => ({
      status: 200,
      body: { Body: typeof Body === 'string' ? Body.replace('darn', '****') : Body, Attributes: { moderated: true } }
    });
    const sent = await alice.call('sendMessage', { conversationSid: sid, key: 'k', body: 'oh darn' });
    expect(sent).toMatchObject({ body: 'oh ****', attributes: { moderated: true } });
    const edited = await alice.call('updateMessage', {
      conversationSid: sid,
      messageSid: sent.sid,
      body: 'darn again'
    });
    expect(edited.body).toBe('darn again'.replace('darn', '****'));
    receiver.answer = () => ({ status: 200, body: { Body: 'x'.repeat(40_000) } });
    expect(await alice.fail('sendMessage', { conversationSid: sid, key: 'big', body: 'hi' })).toMatchObject({
      code: ErrorCode.RefusedByWebhook,
      path: 'args.body'
    });
    // a retried send is answered from the first, without asking again
    const calls = receiver.calls.length;
    expect((await alice.call('sendMessage', { conversationSid: sid, key: 'k', body: 'oh darn' })).sid).toBe(sent.sid);
    expect(receiver.calls.length).toBe(calls);
  });

  it('a webhook not answering in time follows the policy: allow lets the write through, refuse stops it', async () => {
    const allowing = await setup({
      Filters: ['onMessageAdd'],
      PreWebhookTimeout: 150,
      PreWebhookFailurePolicy: 'allow'
    });
    receiver.answer = () => null;
    const started = Date.now();
    expect(
      (await allowing.alice.call('sendMessage', { conversationSid: allowing.sid, key: 'k', body: 'through' })).body
    ).toBe('through');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const refusing = await allowing.rest<Resource<'ServiceWebhooks'>>('POST', '/v1/Configuration/Webhooks', {
      PreWebhookFailurePolicy: 'refuse'
    });
    expect(refusing.body.pre_webhook_failure_policy).toBe('refuse');
    expect(
      await allowing.alice.fail('sendMessage', { conversationSid: allowing.sid, key: 'k2', body: 'stopped' })
    ).toMatchObject({ code: ErrorCode.RefusedByWebhook });
    expect((await allowing.alice.call('getMessages', { conversationSid: allowing.sid })).items).toHaveLength(1);
  });

  it('asks before a conversation is created and a participant added, only for the events in its filters', async () => {
    const { rest, alice, sid } = await setup({ Filters: ['onConversationAdd', 'onParticipantAdd'] });
    receiver.answer = (call) =>
      call.payload.EventType === 'onParticipantAdd' && call.payload.Identity === 'mallory'
        ? { status: 403 }
        : {
            status: 200,
            body: call.payload.EventType === 'onConversationAdd' ? { FriendlyName: 'named by the hook' } : {}
          };
    expect((await alice.call('createConversation', { friendlyName: 'mine' })).conversation.friendlyName).toBe(
      'named by the hook'
    );
    expect(
      (await rest<Resource<'Conversation'>>('POST', '/v1/Conversations', { FriendlyName: 'api' })).body.friendly_name
    ).toBe('named by the hook');
    expect(await alice.fail('addParticipant', { conversationSid: sid, identity: 'mallory' })).toMatchObject({
      code: ErrorCode.RefusedByWebhook
    });
    expect((await rest('POST', `/v1/Conversations/${sid}/Participants`, { Identity: 'mallory' })).status).toBe(403);
    expect((await alice.call('addParticipant', { conversationSid: sid, identity: 'bob' })).identity).toBe('bob');
    const before = receiver.calls.length;
    await alice.call('sendMessage', { conversationSid: sid, key: 'k', body: 'not filtered' });
    expect(receiver.calls.length).toBe(before);
    // turning the pre-event webhook off stops the calls
    await rest('POST', '/v1/Configuration/Webhooks', { PreWebhookUrl: null });
    expect((await alice.call('addParticipant', { conversationSid: sid, identity: 'mallory' })).identity).toBe(
      'mallory'
    );
  });
});

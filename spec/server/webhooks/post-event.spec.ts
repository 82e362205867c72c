import { expect } from '@jest/globals';
import { ErrorCode } from '../../../lib/protocol';
import { eventually, eventuallyAsync } from '../helpers/client';
import { type Refusal, type Resource, restClient } from '../helpers/rest';
import { cleanupAfterEach, world } from '../helpers/setup';
import { type WebhookReceiver, startWebhookReceiver } from '../helpers/webhook-receiver';

cleanupAfterEach();
jest.setTimeout(30000);

const KEY = 'webhook-admin-key-0123';
const FAST_RETRIES = { webhookRetryBaseMs: 20, webhookRetryMaxDelayMs: 100, webhookPollIntervalMs: 50 };

let receiver: WebhookReceiver;
beforeEach(async () => {
  receiver = await startWebhookReceiver();
});
afterEach(() => receiver.close());

async function setup(options = {}) {
  const w = await world({ adminKey: KEY, ...FAST_RETRIES, ...options });
  const rest = restClient(w.server.httpUrl, KEY);
  return { ...w, rest };
}

describe('post-event webhooks', () => {
  it('a failing receiver gets every event once it recovers, in order, each id once; failures counted', async () => {
    const { rest, connect } = await setup();
    const configured = await rest<Resource<'ServiceWebhooks'>>('POST', '/v1/Configuration/Webhooks', {
      PostWebhookUrl: receiver.url,
      Filters: ['onMessageAdded', 'onConversationAdded', 'onParticipantAdded']
    });
    expect(configured.status).toBe(200);
    expect(configured.body).toMatchObject({
      post_webhook_url: receiver.url,
      signing_secret_set: true,
      signing_secret: expect.stringMatching(/^whsec_/)
    });
    receiver.secret = configured.body.signing_secret ?? null;
    expect(
      (await rest<Resource<'ServiceWebhooks'>>('GET', '/v1/Configuration/Webhooks')).body.signing_secret
    ).toBeUndefined();

    let failures = 0;
    receiver.answer = () => (failures++ < 5 ? { status: 503 } : { status: 204 });
    const alice = await connect('alice');
    const rooms: string[] = [];
    for (let r = 0; r < 2; r++)
      rooms.push((await alice.call('createConversation', { friendlyName: `room ${r}` })).conversation.sid);
    for (let i = 0; i < 10; i++) {
      for (const sid of rooms) await alice.call('sendMessage', { conversationSid: sid, key: `k${i}`, body: `m${i}` });
    }
    await rest('POST', `/v1/Conversations/${rooms[0]}/Messages`, { Author: 'bot', Body: 'from REST' });
    const expected = 2 /* conversations */ + 2 /* their creator joining */ + 21;
    await eventually(() => receiver.accepted().length >= expected, 15000, 'every call accepted');
    expect(receiver.accepted()).toHaveLength(expected);
    expect(receiver.calls.every((call) => call.verified)).toBe(true);
    expect(receiver.calls.length).toBeGreaterThanOrEqual(expected + 5);
    for (const [i, sid] of rooms.entries()) {
      const bodies = receiver
        .accepted()
        .filter((c) => c.payload.ConversationSid === sid && c.payload.EventType === 'onMessageAdded')
        .map((c) => c.payload.Body);
      expect(bodies).toEqual([...[...Array(10).keys()].map((n) => `m${n}`), ...(i === 0 ? ['from REST'] : [])]);
    }
    // a retried call keeps its id
    const retriedIds = new Set(receiver.calls.slice(0, 5).map((c) => c.id));
    expect([...retriedIds].every((id) => receiver.accepted().some((c) => c.id === id))).toBe(true);
    expect(receiver.accepted()[0].headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(receiver.accepted().find((c) => c.payload.EventType === 'onMessageAdded')?.payload).toMatchObject({
      ConversationSid: expect.stringMatching(/^CH/),
      MessageSid: expect.stringMatching(/^IM/),
      Index: 0,
      Author: 'alice',
      Body: 'm0',
      Attributes: {}
    });

    const log = await rest<Resource<'DeliveryPage'>>('GET', '/v1/Webhooks/Deliveries?PageSize=100');
    expect(log.body.deliveries.filter((d) => d.outcome === 'failed')).toHaveLength(5);
    expect(log.body.deliveries.find((d) => d.outcome === 'failed')).toMatchObject({
      status: 503,
      error: 'HTTP 503',
      webhook_sid: 'WHservicepost'
    });
    expect(log.body.deliveries.some((d) => d.outcome === 'delivered' && d.attempt > 1)).toBe(true);
    const metrics = await eventuallyAsync(
      async () => {
        const answer = (await rest<Resource<'Metrics'>>('GET', '/v1/Metrics')).body.webhooks;
        return answer.pending === 0 && answer;
      },
      5000,
      'an empty outbox'
    );
    expect(metrics).toMatchObject({ delivered: expected, failed_attempts: 5, dropped: 0 });
  });

  it('a call failing past webhookRetryForMs is dropped and logged; a receiver never answering times out', async () => {
    const { rest, connect } = await setup({ webhookRetryForMs: 300, webhookTimeoutMs: 200 });
    const configured = await rest<Resource<'ServiceWebhooks'>>('POST', '/v1/Configuration/Webhooks', {
      PostWebhookUrl: receiver.url,
      Filters: ['onConversationAdded']
    });
    receiver.secret = configured.body.signing_secret ?? null;
    receiver.answer = () => null;
    const alice = await connect('alice');
    await alice.call('createConversation', {});
    await eventually(() => receiver.calls.length >= 2, 5000, 'retries');
    const dropped = await eventuallyAsync(
      async () =>
        (await rest<Resource<'DeliveryPage'>>('GET', '/v1/Webhooks/Deliveries')).body.deliveries.find(
          (d) => d.outcome === 'dropped'
        ),
      5000,
      'a dropped call'
    );
    expect(dropped).toMatchObject({ event_type: 'onConversationAdded', status: null, error: 'no answer in 200 ms' });
    expect((await rest<Resource<'Metrics'>>('GET', '/v1/Metrics')).body.webhooks).toMatchObject({
      dropped: 1,
      pending: 0
    });
  });

  it("a conversation's webhook gets only its filtered events; the secret rotates, the old one in grace", async () => {
    const { rest } = await setup();
    const a = (await rest<Resource<'Conversation'>>('POST', '/v1/Conversations', {})).body.sid;
    const b = (await rest<Resource<'Conversation'>>('POST', '/v1/Conversations', {})).body.sid;
    const hook = await rest<Resource<'ConversationWebhook'>>('POST', `/v1/Conversations/${a}/Webhooks`, {
      Target: 'webhook',
      Configuration: { Url: receiver.url, Filters: ['onMessageAdded'] }
    });
    expect(hook.status).toBe(201);
    expect(hook.body).toMatchObject({
      sid: expect.stringMatching(/^WH/),
      conversation_sid: a,
      configuration: { url: receiver.url, method: 'POST', filters: ['onMessageAdded'] }
    });
    receiver.secret = hook.body.signing_secret ?? null;
    expect(
      (await rest<Resource<'WebhookPage'>>('GET', `/v1/Conversations/${a}/Webhooks`)).body.webhooks.map((w) => w.sid)
    ).toEqual([hook.body.sid]);
    const fetched = await rest<Resource<'ConversationWebhook'>>(
      'GET',
      `/v1/Conversations/${a}/Webhooks/${hook.body.sid}`
    );
    expect(fetched.body.signing_secret).toBeUndefined();

    await rest('POST', `/v1/Conversations/${a}/Participants`, { Identity: 'x' });
    await rest('POST', `/v1/Conversations/${b}/Messages`, { Body: 'elsewhere' });
    await rest('POST', `/v1/Conversations/${a}/Messages`, { Body: 'here' });
    await eventually(() => receiver.accepted().length >= 1, 5000, 'a call');
    expect(receiver.accepted().map((c) => c.payload.Body)).toEqual(['here']);

    const rotated = await rest<Resource<'SigningSecret'>>('POST', '/v1/Configuration/Webhooks/Secret');
    expect(rotated.body).toMatchObject({
      signing_secret: expect.stringMatching(/^whsec_/),
      previous_secret_valid_until: expect.any(String)
    });
    await rest('POST', `/v1/Conversations/${a}/Messages`, { Body: 'after rotation' });
    await eventually(() => receiver.accepted().length >= 2, 5000, 'a second call');
    const signed = receiver.accepted()[1];
    expect(signed.verified).toBe(true); // with the old secret, during its grace
    receiver.secret = rotated.body.signing_secret;
    await rest('POST', `/v1/Conversations/${a}/Messages`, { Body: 'new secret' });
    await eventually(() => receiver.accepted().length >= 3, 5000, 'a third call');
    expect(receiver.accepted()[2].verified).toBe(true);
    expect(String(signed.headers['webhook-signature']).split(' ')).toHaveLength(2);

    const changed = await rest<Resource<'ConversationWebhook'>>(
      'POST',
      `/v1/Conversations/${a}/Webhooks/${hook.body.sid}`,
      {
        Configuration: { Filters: ['onMessageRemoved'] }
      }
    );
    expect(changed.body.configuration.filters).toEqual(['onMessageRemoved']);
    expect((await rest('DELETE', `/v1/Conversations/${a}/Webhooks/${hook.body.sid}`)).status).toBe(204);
    expect((await rest('GET', `/v1/Conversations/${a}/Webhooks/${hook.body.sid}`)).status).toBe(404);
  });

  it('the last admin leaving: the removal, then the promotion of their successor, each called', async () => {
    const { rest, connect } = await setup();
    const configured = await rest<Resource<'ServiceWebhooks'>>('POST', '/v1/Configuration/Webhooks', {
      PostWebhookUrl: receiver.url,
      Filters: ['onParticipantRemoved', 'onParticipantUpdated']
    });
    receiver.secret = configured.body.signing_secret ?? null;
    const alice = await connect('alice');
    const sid = (await alice.call('createConversation', {})).conversation.sid;
    await alice.call('addParticipant', { conversationSid: sid, identity: 'bob' });
    await alice.call('leaveConversation', { conversationSid: sid });
    await eventually(() => receiver.accepted().length >= 2, 10000, 'both calls accepted');
    expect(receiver.accepted().map((c) => [c.payload.EventType, c.payload.Identity, c.payload.Role])).toEqual([
      ['onParticipantRemoved', 'alice', 'admin'],
      ['onParticipantUpdated', 'bob', 'admin']
    ]);
  });

  it('refuses bad configurations naming the field, and callers without the admin scope', async () => {
    const { rest, server } = await setup();
    const sid = (await rest<Resource<'Conversation'>>('POST', '/v1/Conversations', {})).body.sid;
    const refused = async (method: string, path: string, body: unknown, status: number, field?: string) => {
      const answer = await rest<Refusal>(method, path, body);
      expect([method, path, answer.status, answer.body?.error?.path]).toEqual([method, path, status, field]);
    };
    await refused('POST', '/v1/Configuration/Webhooks', { PostWebhookUrl: 'not a url' }, 400, 'PostWebhookUrl');
    await refused('POST', '/v1/Configuration/Webhooks', { PostWebhookUrl: 'ftp://x/' }, 400, 'PostWebhookUrl');
    await refused('POST', '/v1/Configuration/Webhooks', { Filters: ['onMessageSent'] }, 400, 'Filters.0');
    await refused('POST', '/v1/Configuration/Webhooks', { Method: 'GET' }, 400, 'Method');
    await refused('POST', '/v1/Configuration/Webhooks', { PreWebhookTimeout: 10 }, 400, 'PreWebhookTimeout');
    await refused(
      'POST',
      `/v1/Conversations/${sid}/Webhooks`,
      { Configuration: { Url: receiver.url } },
      400,
      'Configuration.Filters'
    );
    await refused(
      'POST',
      `/v1/Conversations/${sid}/Webhooks`,
      { Configuration: { Url: receiver.url, Filters: ['onMessageAdd'] } },
      400,
      'Configuration.Filters.0'
    );
    await refused(
      'POST',
      '/v1/Conversations/CHnone/Webhooks',
      { Configuration: { Url: receiver.url, Filters: ['onMessageAdded'] } },
      404
    );
    await refused('GET', `/v1/Conversations/${sid}/Webhooks/WHnone`, undefined, 404, 'Sid');
    await refused('GET', '/v1/Webhooks/Deliveries?PageToken=abc', undefined, 400, 'PageToken');
    const anonymous = restClient(server.httpUrl, null);
    expect((await anonymous<Refusal>('GET', '/v1/Configuration/Webhooks')).body.error.code).toBe(
      ErrorCode.TokenInvalid
    );
    expect((await anonymous('POST', '/v1/Configuration/Webhooks/Secret')).status).toBe(401);
    expect((await anonymous('GET', '/v1/Metrics')).status).toBe(401);
  });
});

import { expect } from '@jest/globals';
import { ErrorCode } from '../../../lib/protocol';
import type { Static } from '@sinclair/typebox';
import type { Reactions, SearchPage } from '../../../lib/server/http/rest/reactions';
import { type Resource, restClient } from '../helpers/rest';
import { cleanupAfterEach, world } from '../helpers/setup';
import { eventually } from '../helpers/client';
import { startWebhookReceiver } from '../helpers/webhook-receiver';

cleanupAfterEach();

const KEY = 'admin-key-0123456789';

describe('REST API: reactions and search (beyond the reference)', () => {
  it('adds and removes reactions as an identity, and searches what a user may read', async () => {
    const w = await world({ adminKey: KEY });
    const rest = restClient(w.server.httpUrl, KEY);
    const sid = (await rest<Resource<'Conversation'>>('POST', '/v1/Conversations', { FriendlyName: 'c' })).body.sid;
    expect((await rest('POST', `/v1/Conversations/${sid}/Participants`, { Identity: 'bob' })).status).toBe(201);
    const sent = await rest<Resource<'Message'>>('POST', `/v1/Conversations/${sid}/Messages`, {
      Author: 'bob',
      Body: 'release tonight'
    });
    const at = `/v1/Conversations/${sid}/Messages/${sent.body.sid}`;
    const added = await rest('POST', `${at}/Reactions`, { Identity: 'bob', Key: '🚀' });
    expect(added).toMatchObject({ status: 200, body: { reactions: [{ key: '🚀', count: 1, identities: ['bob'] }] } });
    expect((await rest<Static<typeof Reactions>>('GET', at)).body.reactions).toEqual([
      { key: '🚀', count: 1, identities: ['bob'] }
    ]);
    const reply = await rest<Resource<'Message'>>('POST', `/v1/Conversations/${sid}/Messages`, {
      Author: 'bob',
      Body: 'tonight at nine',
      ReplyTo: sent.body.index
    });
    expect(reply).toMatchObject({ status: 201, body: { reply_to: { sid: sent.body.sid, index: sent.body.index } } });
    const orphan = await rest('POST', `/v1/Conversations/${sid}/Messages`, { Body: 'x', ReplyTo: 99 });
    expect(orphan).toMatchObject({ status: 404, body: { error: { code: ErrorCode.NotFound, path: 'ReplyTo' } } });
    const bad = await rest('POST', `${at}/Reactions`, { Identity: 'bob', Key: 'a b' });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: ErrorCode.BadRequest, path: 'Key' } } });

    const found = await rest<Static<typeof SearchPage>>('GET', '/v1/Users/bob/Messages?Query=release');
    expect(found.status).toBe(200);
    expect(found.body.messages).toEqual([
      {
        message: expect.objectContaining({ sid: sent.body.sid, body: 'release tonight' }),
        highlights: [[0, 7]]
      }
    ]);
    const none = await rest<Static<typeof SearchPage>>('GET', '/v1/Users/eve/Messages?Query=release');
    expect(none.body.messages).toEqual([]);

    expect((await rest('DELETE', `${at}/Reactions/${encodeURIComponent('🚀')}?Identity=bob`)).status).toBe(204);
    expect((await rest<Partial<Static<typeof Reactions>>>('GET', at)).body.reactions).toBeUndefined();
  });
});

describe('webhooks: reactions (beyond the reference)', () => {
  it('tells a post-event webhook of reactions added and removed', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const w = await world({ adminKey: KEY, webhookPollIntervalMs: 50 });
      const rest = restClient(w.server.httpUrl, KEY);
      const configured = await rest<Resource<'ServiceWebhooks'>>('POST', '/v1/Configuration/Webhooks', {
        PostWebhookUrl: receiver.url,
        Filters: ['onReactionAdded', 'onReactionRemoved']
      });
      receiver.secret = configured.body.signing_secret ?? null;
      const sid = (await rest<Resource<'Conversation'>>('POST', '/v1/Conversations', {})).body.sid;
      const sent = await rest<Resource<'Message'>>('POST', `/v1/Conversations/${sid}/Messages`, {
        Author: 'bob',
        Body: 'hi'
      });
      const at = `/v1/Conversations/${sid}/Messages/${sent.body.sid}/Reactions`;
      await rest('POST', at, { Identity: 'bob', Key: 'ok' });
      await rest('DELETE', `${at}/ok?Identity=bob`);
      await eventually(() => receiver.accepted().length === 2, 5000, 'both calls');
      expect(receiver.accepted().map((c) => c.payload)).toEqual([
        expect.objectContaining({
          EventType: 'onReactionAdded',
          MessageSid: sent.body.sid,
          Identity: 'bob',
          Reaction: 'ok',
          Reactions: [{ Key: 'ok', Count: 1, Identities: ['bob'] }]
        }),
        expect.objectContaining({ EventType: 'onReactionRemoved', Reaction: 'ok', Reactions: [] })
      ]);
      expect(receiver.calls.every((call) => call.verified)).toBe(true);
    } finally {
      await receiver.close();
    }
  });
});

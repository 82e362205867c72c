import { expect } from '@jest/globals';
import { ErrorCode } from '../../../lib/protocol';
import { type Refusal, type Resource, type RestAnswer, restClient } from '../helpers/rest';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

const KEY = 'admin-key-0123456789';

async function backend() {
  const w = await world({ adminKey: KEY });
  return { ...w, rest: restClient(w.server.httpUrl, KEY), anonymous: restClient(w.server.httpUrl, null) };
}

describe('REST API: conversations', () => {
  it('creates, fetches by sid and unique name, lists paged, updates and deletes', async () => {
    const { rest } = await backend();
    const created = await rest<Resource<'Conversation'>>('POST', '/v1/Conversations', {
      FriendlyName: 'Support',
      UniqueName: 'support',
      Attributes: { tier: 1 }
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      sid: expect.stringMatching(/^CH/),
      friendly_name: 'Support',
      unique_name: 'support',
      attributes: { tier: 1 },
      state: 'active',
      is_private: true,
      created_by: 'system',
      participants_count: 0,
      date_created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/)
    });
    const sid = created.body.sid;
    expect(created.body.url).toMatch(new RegExp(`/v1/Conversations/${sid}$`));
    expect((await rest<Resource<'Conversation'>>('GET', `/v1/Conversations/${sid}`)).body.sid).toBe(sid);
    expect((await rest<Resource<'Conversation'>>('GET', '/v1/Conversations/support')).body.sid).toBe(sid);

    const others = [];
    for (let i = 0; i < 3; i++)
      others.push(
        (await rest<Resource<'Conversation'>>('POST', '/v1/Conversations', { FriendlyName: `room ${i}` })).body.sid
      );
    const first = await rest<Resource<'ConversationPage'>>('GET', '/v1/Conversations?PageSize=3');
    expect(first.status).toBe(200);
    expect(first.body.conversations).toHaveLength(3);
    expect(first.body.meta).toMatchObject({
      key: 'conversations',
      page_size: 3,
      next_page_url: expect.stringContaining('PageToken=')
    });
    const next = new URL(first.body.meta.next_page_url ?? '');
    const second = await rest<Resource<'ConversationPage'>>('GET', next.pathname + next.search);
    expect(second.body.conversations).toHaveLength(1);
    expect(second.body.meta.next_page_url).toBeNull();
    const listed = [...first.body.conversations, ...second.body.conversations].map((c) => c.sid);
    expect(listed.sort()).toEqual([sid, ...others].sort());

    const updated = await rest('POST', `/v1/Conversations/${sid}`, { FriendlyName: 'Help', State: 'closed' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ friendly_name: 'Help', state: 'closed' });
    expect((await rest<Refusal>('POST', `/v1/Conversations/${sid}`, { State: 'active' })).body.error).toMatchObject({
      code: ErrorCode.Conflict,
      path: 'State'
    });

    expect((await rest('DELETE', `/v1/Conversations/${sid}`)).status).toBe(204);
    expect((await rest('GET', `/v1/Conversations/${sid}`)).status).toBe(404);
  });

  it('refuses without a key, with a bad body naming the field, an unknown page token, and unknown sids', async () => {
    const { rest, anonymous } = await backend();
    expect((await anonymous<Refusal>('GET', '/v1/Conversations')).body.error).toMatchObject({
      code: ErrorCode.TokenInvalid,
      status: 401
    });
    expect((await restClient((await backend()).server.httpUrl, 'wrong')('POST', '/v1/Conversations', {})).status).toBe(
      401
    );
    const bad = async (body: unknown, path: string) => {
      const answer = await rest<Refusal>('POST', '/v1/Conversations', body);
      expect([answer.status, answer.body.error.code, answer.body.error.path]).toEqual([
        400,
        ErrorCode.BadRequest,
        path
      ]);
    };
    await bad({ FriendlyName: 5 }, 'FriendlyName');
    await bad({ FriendlyName: 'x'.repeat(257) }, 'FriendlyName');
    await bad({ Attributes: { big: 'x'.repeat(17 * 1024) } }, 'Attributes');
    await bad({ IsPrivate: 'yes' }, 'IsPrivate');
    await bad({ Color: 'red' }, 'Color');
    expect((await rest<Refusal>('POST', '/v1/Conversations', '{')).body.error).toMatchObject({
      code: ErrorCode.BadRequest
    });
    await rest('POST', '/v1/Conversations', { UniqueName: 'taken' });
    expect((await rest<Refusal>('POST', '/v1/Conversations', { UniqueName: 'taken' })).body.error).toMatchObject({
      code: ErrorCode.Conflict,
      path: 'UniqueName'
    });
    expect((await rest<Refusal>('GET', '/v1/Conversations?PageToken=nonsense')).body.error).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'PageToken'
    });
    expect((await rest<Refusal>('GET', '/v1/Conversations?PageSize=0')).body.error).toMatchObject({ path: 'PageSize' });
    for (const [method, path] of [
      ['GET', '/v1/Conversations/CHnone'],
      ['POST', '/v1/Conversations/CHnone'],
      ['DELETE', '/v1/Conversations/CHnone']
    ]) {
      const answer = await rest<Refusal>(method, path, method === 'POST' ? {} : undefined);
      expect([method, answer.status, answer.body.error.code]).toEqual([method, 404, ErrorCode.NotFound]);
    }
  });
});

describe('REST API: participants, messages, users', () => {
  it('adds, lists, fetches, updates and removes participants; writes reach connected clients as events', async () => {
    const { rest, connect } = await backend();
    const sid = (await rest<Resource<'Conversation'>>('POST', '/v1/Conversations', { FriendlyName: 'Desk' })).body.sid;
    const alice = await connect('alice');
    const added = await rest<Resource<'Participant'>>('POST', `/v1/Conversations/${sid}/Participants`, {
      Identity: 'alice',
      Attributes: { vip: true }
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      identity: 'alice',
      role: 'user',
      role_sid: expect.stringMatching(/^RL/),
      attributes: { vip: true },
      conversation_sid: sid
    });
    const joined = await alice.waitEvent('participantJoined');
    expect(joined.data.conversation.sid).toBe(sid);
    const bob = await rest<Resource<'Participant'>>('POST', `/v1/Conversations/${sid}/Participants`, {
      Identity: 'bob',
      RoleSid: 'admin'
    });
    expect(bob.body.role).toBe('admin');
    expect(
      (await rest<Resource<'ParticipantPage'>>('GET', `/v1/Conversations/${sid}/Participants`)).body.participants.map(
        (p) => p.identity
      )
    ).toEqual(['alice', 'bob']);
    expect((await rest<Resource<'Participant'>>('GET', `/v1/Conversations/${sid}/Participants/alice`)).body.sid).toBe(
      added.body.sid
    );
    expect(
      (await rest<Resource<'Participant'>>('GET', `/v1/Conversations/${sid}/Participants/${added.body.sid}`)).body
        .identity
    ).toBe('alice');

    const updated = await rest('POST', `/v1/Conversations/${sid}/Participants/alice`, {
      RoleSid: bob.body.role_sid,
      Attributes: { vip: false }
    });
    expect(updated.body).toMatchObject({ role: 'admin', attributes: { vip: false } });
    expect((await alice.waitEvent('participantUpdated')).data.participant).toMatchObject({
      role: 'admin',
      attributes: { vip: false }
    });

    expect((await rest('DELETE', `/v1/Conversations/${sid}/Participants/bob`)).status).toBe(204);
    expect((await alice.waitEvent('participantLeft')).data.participant.identity).toBe('bob');

    expect(
      (await rest<Refusal>('POST', `/v1/Conversations/${sid}/Participants`, { Identity: 'alice' })).body.error
    ).toMatchObject({ code: ErrorCode.Conflict, path: 'Identity' });
    expect((await rest<Refusal>('POST', `/v1/Conversations/${sid}/Participants`, {})).body.error).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'Identity'
    });
    expect(
      (await rest<Refusal>('POST', `/v1/Conversations/${sid}/Participants`, { Identity: 'x', RoleSid: 'overlord' }))
        .body.error
    ).toMatchObject({
      code: ErrorCode.NotFound,
      path: 'RoleSid'
    });
    expect(
      (await rest<Refusal>('POST', `/v1/Conversations/${sid}/Participants/alice`, { Attributes: 'x'.repeat(5000) }))
        .body.error
    ).toMatchObject({ path: 'Attributes' });
    for (const [method, path] of [
      ['GET', `/v1/Conversations/${sid}/Participants/nobody`],
      ['POST', `/v1/Conversations/${sid}/Participants/nobody`],
      ['DELETE', `/v1/Conversations/${sid}/Participants/nobody`],
      ['GET', '/v1/Conversations/CHnone/Participants'],
      ['POST', '/v1/Conversations/CHnone/Participants']
    ]) {
      const body =
        method !== 'POST' ? undefined : path.endsWith('/Participants') ? { Identity: 'x' } : { Attributes: {} };
      const answer = await rest(method, path, body);
      expect([method, path, answer.status]).toEqual([method, path, 404]);
    }
  });

  it('sends as anyone or the system (idempotent by key), lists both ways, fetches, edits, removes', async () => {
    const { rest, connect } = await backend();
    const sid = (await rest<Resource<'Conversation'>>('POST', '/v1/Conversations', {})).body.sid;
    await rest('POST', `/v1/Conversations/${sid}/Participants`, { Identity: 'alice' });
    const alice = await connect('alice');
    const asAlice = await rest<Resource<'Message'>>(
      'POST',
      `/v1/Conversations/${sid}/Messages`,
      { Author: 'alice', Body: 'from alice' },
      { 'idempotency-key': 'k1' }
    );
    expect(asAlice.status).toBe(201);
    expect(asAlice.body).toMatchObject({
      index: 0,
      author: 'alice',
      participant_sid: expect.stringMatching(/^MB/),
      body: 'from alice'
    });
    const again = await rest<Resource<'Message'>>(
      'POST',
      `/v1/Conversations/${sid}/Messages`,
      { Author: 'alice', Body: 'from alice' },
      { 'idempotency-key': 'k1' }
    );
    expect(again.body.sid).toBe(asAlice.body.sid);
    const system = await rest<Resource<'Message'>>('POST', `/v1/Conversations/${sid}/Messages`, {
      Body: 'system notice',
      Attributes: { kind: 'notice' }
    });
    expect(system.body).toMatchObject({ index: 1, author: 'system', participant_sid: null });
    for (let i = 2; i < 5; i++) await rest('POST', `/v1/Conversations/${sid}/Messages`, { Body: `m${i}` });
    await alice.waitEvent('messageAdded', (e) => e.data.message.index === 4);
    expect(alice.named('messageAdded').map((e) => e.data.message.index)).toEqual([0, 1, 2, 3, 4]);
    expect(alice.named('messageAdded')[1].data.message).toMatchObject({ author: 'system', body: 'system notice' });

    const bodies = async (query: string) => {
      const pages: (string | null)[][] = [];
      for (let path: string | null = `/v1/Conversations/${sid}/Messages?${query}`; path !== null;) {
        const answer: RestAnswer<Resource<'MessagePage'>> = await rest('GET', path);
        expect(answer.status).toBe(200);
        pages.push(answer.body.messages.map((m) => m.body));
        const next: string | null = answer.body.meta.next_page_url;
        path = next === null ? null : new URL(next).pathname + new URL(next).search;
      }
      return pages;
    };
    expect(await bodies('PageSize=2')).toEqual([['from alice', 'system notice'], ['m2', 'm3'], ['m4']]);
    expect(await bodies('PageSize=2&Order=desc')).toEqual([['m4', 'm3'], ['m2', 'system notice'], ['from alice']]);
    const second = await rest<Resource<'MessagePage'>>(
      'GET',
      `/v1/Conversations/${sid}/Messages?PageSize=2&PageToken=F2`
    );
    const previous = new URL(second.body.meta.previous_page_url ?? '');
    expect(
      (await rest<Resource<'MessagePage'>>('GET', previous.pathname + previous.search)).body.messages.map(
        (m) => m.index
      )
    ).toEqual([0, 1]);

    const fetched = await rest<Resource<'Message'>>('GET', `/v1/Conversations/${sid}/Messages/${system.body.sid}`);
    expect(fetched.body.body).toBe('system notice');
    const edited = await rest<Resource<'Message'>>('POST', `/v1/Conversations/${sid}/Messages/${asAlice.body.sid}`, {
      Body: 'moderated'
    });
    expect(edited.body).toMatchObject({ body: 'moderated', last_updated_by: 'system' });
    expect((await alice.waitEvent('messageUpdated')).data.message.body).toBe('moderated');
    expect((await rest('DELETE', `/v1/Conversations/${sid}/Messages/${asAlice.body.sid}`)).status).toBe(204);
    expect((await alice.waitEvent('messageRemoved')).data.messageSid).toBe(asAlice.body.sid);

    const refused = async (method: string, path: string, body: unknown, status: number, field?: string) => {
      const answer = await rest<Refusal>(method, path, body);
      expect([method, path, answer.status, answer.body?.error?.path]).toEqual([method, path, status, field]);
    };
    await refused('POST', `/v1/Conversations/${sid}/Messages`, { Body: 'x'.repeat(32 * 1024 + 1) }, 400, 'Body');
    await refused(
      'POST',
      `/v1/Conversations/${sid}/Messages`,
      { Body: 'x', Attributes: { a: 'x'.repeat(5000) } },
      400,
      'Attributes'
    );
    await refused('POST', `/v1/Conversations/${sid}/Messages`, { Text: 'x' }, 400, 'Text');
    await refused('POST', `/v1/Conversations/${sid}/Messages`, { ContentSid: 'HXnone' }, 404, 'ContentSid');
    await refused('GET', `/v1/Conversations/${sid}/Messages?Order=sideways`, undefined, 400, 'Order');
    await refused('GET', `/v1/Conversations/${sid}/Messages?PageToken=Z9`, undefined, 400, 'PageToken');
    await refused('GET', `/v1/Conversations/${sid}/Messages/IMnone`, undefined, 404, 'Sid');
    await refused('POST', `/v1/Conversations/${sid}/Messages/IMnone`, { Body: 'x' }, 404, 'Sid');
    await refused('DELETE', `/v1/Conversations/${sid}/Messages/IMnone`, undefined, 404, 'Sid');
    await refused('POST', '/v1/Conversations/CHnone/Messages', { Body: 'x' }, 404, undefined);
  });

  it('creates, fetches and updates users, lists their conversations; profile changes reach subscribers', async () => {
    const { rest, connect } = await backend();
    const created = await rest<Resource<'User'>>('POST', '/v1/Users', {
      Identity: 'carol',
      FriendlyName: 'Carol',
      Attributes: { team: 'ops' }
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      identity: 'carol',
      friendly_name: 'Carol',
      attributes: { team: 'ops' },
      is_online: false
    });
    expect((await rest<Refusal>('POST', '/v1/Users', { Identity: 'carol' })).body.error).toMatchObject({
      code: ErrorCode.Conflict,
      path: 'Identity'
    });
    const watcher = await connect('watcher');
    await watcher.call('subscribeUsers', { identities: ['carol'] });
    const renamed = await rest<Resource<'User'>>('POST', '/v1/Users/carol', { FriendlyName: 'Caroline' });
    expect(renamed.body.friendly_name).toBe('Caroline');
    expect(
      (await watcher.waitEvent('userUpdated', (e) => e.data.user.identity === 'carol')).data.user.friendlyName
    ).toBe('Caroline');
    expect((await rest('GET', '/v1/Users/carol')).body).toMatchObject({
      friendly_name: 'Caroline',
      attributes: { team: 'ops' }
    });

    const sids = [];
    for (let i = 0; i < 3; i++) {
      const sid = (await rest<Resource<'Conversation'>>('POST', '/v1/Conversations', { FriendlyName: `c${i}` })).body
        .sid;
      await rest('POST', `/v1/Conversations/${sid}/Participants`, { Identity: 'carol' });
      sids.push(sid);
    }
    const first = await rest<Resource<'UserConversationPage'>>('GET', '/v1/Users/carol/Conversations?PageSize=2');
    expect(first.body.conversations).toHaveLength(2);
    expect(first.body.conversations[0]).toMatchObject({
      participant_sid: expect.stringMatching(/^MB/),
      unread_messages_count: null,
      notification_level: 'default'
    });
    const next = new URL(first.body.meta.next_page_url ?? '');
    const rest2 = await rest<Resource<'UserConversationPage'>>('GET', next.pathname + next.search);
    expect([...first.body.conversations, ...rest2.body.conversations].map((c) => c.conversation_sid).sort()).toEqual(
      sids.sort()
    );

    expect((await rest('GET', '/v1/Users/nobody')).status).toBe(404);
    expect((await rest('POST', '/v1/Users/nobody', { FriendlyName: 'x' })).status).toBe(404);
    expect((await rest('GET', '/v1/Users/nobody/Conversations')).status).toBe(404);
    expect((await rest<Refusal>('POST', '/v1/Users', { FriendlyName: 'no identity' })).body.error).toMatchObject({
      path: 'Identity'
    });
    expect(
      (await rest<Refusal>('POST', '/v1/Users/carol', { Attributes: { deep: 'x'.repeat(17 * 1024) } })).body.error
    ).toMatchObject({ path: 'Attributes' });
  });
});

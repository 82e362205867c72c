import { type CommandResult, ErrorCode, LIMITS } from '../../../lib/protocol';
import type { TestClient } from '../helpers/client';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

async function pair() {
  const { connect } = await world();
  const alice = await connect('alice');
  const bob = await connect('bob');
  const { conversation } = await alice.call('createConversation', {});
  await alice.call('addParticipant', { conversationSid: conversation.sid, identity: 'bob' });
  await bob.waitEvent('participantJoined');
  return { alice, bob, sid: conversation.sid };
}

async function sendMany(client: TestClient, sid: string, count: number) {
  const replies = [];
  for (let i = 0; i < count; i++)
    replies.push(client.request('sendMessage', { conversationSid: sid, key: `m${i}`, body: `m${i}` }));
  return Promise.all(replies);
}

describe('messages', () => {
  it('sendMessage: author, participant, indices from 0 by one, messageAdded to everyone', async () => {
    const { alice, bob, sid } = await pair();
    const first = await alice.call('sendMessage', {
      conversationSid: sid,
      key: 'k1',
      body: 'hello',
      attributes: { a: 1 }
    });
    expect(first).toMatchObject({
      index: 0,
      author: 'alice',
      body: 'hello',
      attributes: { a: 1 },
      type: 'text',
      media: [],
      key: 'k1'
    });
    expect(first.sid).toMatch(/^IM[0-9a-f]{32}$/);
    const second = await bob.call('sendMessage', { conversationSid: sid, key: 'k1', body: 'hi' });
    expect(second).toMatchObject({ index: 1, author: 'bob', body: 'hi' });
    for (const client of [alice, bob]) {
      await client.waitEvent('messageAdded', (e) => e.data.message.index === 1);
      expect(client.named('messageAdded').map((e) => e.data.message.sid)).toEqual([first.sid, second.sid]);
    }
  });

  it('a retried send with the same key answers the same message and emits nothing new', async () => {
    const { alice, bob, sid } = await pair();
    const once = await alice.call('sendMessage', { conversationSid: sid, key: 'retry', body: 'x' });
    const twice = await alice.call('sendMessage', { conversationSid: sid, key: 'retry', body: 'x' });
    expect(twice).toEqual(once);
    await alice.call('sendMessage', { conversationSid: sid, key: 'next', body: 'y' });
    await bob.waitEvent('messageAdded', (e) => e.data.message.key === 'next');
    expect(bob.named('messageAdded')).toHaveLength(2);
    expect((await alice.call('getMessagesCount', { conversationSid: sid })).count).toBe(2);
  });

  it('indices stay gap-free when several clients send at once', async () => {
    const { alice, bob, sid } = await pair();
    const replies = [...(await sendMany(alice, sid, 50)), ...(await sendMany(bob, sid, 50))];
    const indices = replies.map((r) => r.result!.index).sort((a, b) => a - b);
    expect(indices).toEqual([...Array(100).keys()]);
  });

  it('refuses a body over the limit with BadRequest naming args.body', async () => {
    const { alice, sid } = await pair();
    const body = 'x'.repeat(LIMITS.maxBodyBytes + 1);
    expect(await alice.fail('sendMessage', { conversationSid: sid, key: 'k', body })).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.body'
    });
    const attributes = { x: 'y'.repeat(LIMITS.maxMessageAttributesBytes) };
    expect(await alice.fail('sendMessage', { conversationSid: sid, key: 'k', attributes })).toMatchObject({
      path: 'args.attributes'
    });
    expect(await alice.fail('sendMessage', { conversationSid: sid, key: 'k', mediaSids: ['ME1'] })).toMatchObject({
      code: ErrorCode.NotFound,
      path: 'args.mediaSids.0'
    });
  });

  it('updateMessage by its author: messageUpdated, and conversationUpdated when it is the last message', async () => {
    const { alice, bob, sid } = await pair();
    const m = await alice.call('sendMessage', { conversationSid: sid, key: 'k', body: 'typo' });
    const edited = await alice.call('updateMessage', {
      conversationSid: sid,
      messageSid: m.sid,
      body: 'fixed',
      attributes: { e: true }
    });
    expect(edited).toMatchObject({ body: 'fixed', attributes: { e: true }, lastUpdatedBy: 'alice', index: 0 });
    expect((await bob.waitEvent('messageUpdated')).data.message.body).toBe('fixed');
    expect((await bob.waitEvent('conversationUpdated')).data.conversation.lastMessage?.body).toBe('fixed');
  });

  it('removeMessage: messageRemoved, the count and preview follow', async () => {
    const { alice, bob, sid } = await pair();
    await alice.call('sendMessage', { conversationSid: sid, key: 'a', body: 'first' });
    const last = await alice.call('sendMessage', { conversationSid: sid, key: 'b', body: 'second' });
    expect(await alice.call('removeMessage', { conversationSid: sid, messageSid: last.sid })).toEqual({});
    expect((await bob.waitEvent('messageRemoved')).data).toEqual({
      conversationSid: sid,
      messageSid: last.sid,
      index: 1
    });
    const updated = await bob.waitEvent('conversationUpdated');
    expect(updated.data.conversation).toMatchObject({ messagesCount: 1, lastMessage: { body: 'first', index: 0 } });
    expect(await alice.fail('removeMessage', { conversationSid: sid, messageSid: last.sid })).toMatchObject({
      code: ErrorCode.NotFound
    });
    const next = await alice.call('sendMessage', { conversationSid: sid, key: 'c', body: 'third' });
    expect(next.index).toBe(2);
  });

  it('getMessages pages backwards and forwards from an inclusive anchor, items ascending', async () => {
    const { alice, sid } = await pair();
    await sendMany(alice, sid, 45);
    const indices = (page: CommandResult<'getMessages'>) => page.items.map((m) => m.index);
    const newest = await alice.call('getMessages', { conversationSid: sid });
    expect(indices(newest)).toEqual([...Array(30).keys()].map((i) => i + 15));
    expect(newest).toMatchObject({ hasPrevPage: true, hasNextPage: false });
    const older = await alice.call('getMessages', { conversationSid: sid, anchor: 14 });
    expect(indices(older)).toEqual([...Array(15).keys()]);
    expect(older).toMatchObject({ hasPrevPage: false, hasNextPage: true });
    const forward = await alice.call('getMessages', {
      conversationSid: sid,
      anchor: 10,
      direction: 'forward',
      pageSize: 5
    });
    expect(indices(forward)).toEqual([10, 11, 12, 13, 14]);
    expect(forward).toMatchObject({ hasPrevPage: true, hasNextPage: true });
    const oldest = await alice.call('getMessages', { conversationSid: sid, direction: 'forward', pageSize: 2 });
    expect(indices(oldest)).toEqual([0, 1]);
    const beyond = await alice.call('getMessages', { conversationSid: sid, anchor: 100, direction: 'forward' });
    expect(beyond).toEqual({ items: [], hasPrevPage: true, hasNextPage: false });
    expect(await alice.fail('getMessages', { conversationSid: sid, pageSize: 101 })).toMatchObject({
      path: 'args.pageSize'
    });
  });

  it('getMessages of an empty conversation, getMessagesCount, getDeliveryReceipts', async () => {
    const { alice, sid } = await pair();
    expect(await alice.call('getMessages', { conversationSid: sid })).toEqual({
      items: [],
      hasPrevPage: false,
      hasNextPage: false
    });
    const m = await alice.call('sendMessage', { conversationSid: sid, key: 'k', body: 'x' });
    expect(await alice.call('getMessagesCount', { conversationSid: sid })).toEqual({ count: 1 });
    expect((await alice.call('getDeliveryReceipts', { conversationSid: sid, messageSid: m.sid })).items).toEqual([
      expect.objectContaining({ identity: 'bob', messageSid: m.sid, status: 'sent', dateUpdated: null })
    ]);
    expect(await alice.fail('getDeliveryReceipts', { conversationSid: sid, messageSid: 'IMnone' })).toMatchObject({
      code: ErrorCode.NotFound
    });
  });

  it('typing goes to the other participants only, without a seq', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const bob = await connect('bob');
    const aliceToo = await connect('alice');
    const { conversation } = await alice.call('createConversation', {});
    const b = await alice.call('addParticipant', { conversationSid: conversation.sid, identity: 'bob' });
    await bob.waitEvent('participantJoined');
    expect(await bob.call('typing', { conversationSid: conversation.sid })).toEqual({});
    const typing = await alice.waitEvent('typingStarted');
    expect(typing.seq).toBeUndefined();
    expect(typing.data).toEqual({
      conversationSid: conversation.sid,
      participantSid: b.sid,
      identity: 'bob',
      timeoutMs: LIMITS.typingTimeoutMs
    });
    await aliceToo.waitEvent('typingStarted');
    // a later event to bob: had the typing reached him, it would have come before it
    await alice.call('sendMessage', { conversationSid: conversation.sid, key: 'after', body: 'after' });
    await bob.waitEvent('messageAdded');
    expect(bob.named('typingStarted')).toHaveLength(0);
  });
});

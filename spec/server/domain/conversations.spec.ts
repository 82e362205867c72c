import { ErrorCode, LIMITS } from '../../../lib/protocol';
import { waitFor } from '../../helpers/wait';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

describe('conversations', () => {
  it('createConversation: private by default, the creator is its admin and receives participantJoined', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const created = await alice.call('createConversation', {
      friendlyName: 'Team',
      uniqueName: 'team',
      attributes: { topic: 'x' }
    });
    expect(created.conversation).toMatchObject({
      friendlyName: 'Team',
      uniqueName: 'team',
      attributes: { topic: 'x' },
      createdBy: 'alice',
      isPrivate: true,
      state: { current: 'active' },
      lastMessage: null,
      messagesCount: 0,
      participantsCount: 1
    });
    expect(created.conversation.sid).toMatch(/^CH[0-9a-f]{32}$/);
    expect(created.participant).toMatchObject({
      identity: 'alice',
      role: 'admin',
      type: 'chat',
      lastReadMessageIndex: null
    });
    expect(created.participant.sid).toMatch(/^MB[0-9a-f]{32}$/);
    expect(created).toMatchObject({ unreadCount: null, notificationLevel: 'default' });
    const joined = await alice.waitEvent('participantJoined');
    expect(joined.seq).toBeGreaterThan(0);
    expect(joined.data.conversation.sid).toBe(created.conversation.sid);
  });

  it('refuses a taken uniqueName with Conflict and over-long names with BadRequest', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    await alice.call('createConversation', { uniqueName: 'taken' });
    expect(await alice.fail('createConversation', { uniqueName: 'taken' })).toMatchObject({
      code: ErrorCode.Conflict,
      path: 'args.uniqueName'
    });
    const long = 'x'.repeat(LIMITS.maxNameLength + 1);
    expect(await alice.fail('createConversation', { friendlyName: long })).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.friendlyName'
    });
    const attributes = { a: 'x'.repeat(LIMITS.maxConversationAttributesBytes) };
    expect(await alice.fail('createConversation', { attributes })).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.attributes'
    });
  });

  it('getConversation by sid or unique name, with the unread count', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const { conversation } = await alice.call('createConversation', { uniqueName: 'u1' });
    await alice.call('sendMessage', { conversationSid: conversation.sid, key: 'a', body: 'one' });
    await alice.call('sendMessage', { conversationSid: conversation.sid, key: 'b', body: 'two' });
    await alice.call('updateReadHorizon', { conversationSid: conversation.sid, mode: 'set', index: 0 });
    const bySid = await alice.call('getConversation', { sid: conversation.sid });
    expect(bySid).toMatchObject({ unreadCount: 1, participant: { lastReadMessageIndex: 0 } });
    expect(bySid.conversation).toMatchObject({
      messagesCount: 2,
      lastMessage: { index: 1, body: 'two', author: 'alice' }
    });
    expect((await alice.call('getConversation', { uniqueName: 'u1' })).conversation.sid).toBe(conversation.sid);
    expect(await alice.fail('getConversation', {})).toMatchObject({ code: ErrorCode.BadRequest });
    expect(await alice.fail('getConversation', { uniqueName: 'nope' })).toMatchObject({ code: ErrorCode.NotFound });
  });

  it('peekConversation shows a public conversation to anyone', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const bob = await connect('bob');
    const { conversation } = await alice.call('createConversation', { isPrivate: false, friendlyName: 'Lobby' });
    expect(await bob.call('peekConversation', { sid: conversation.sid })).toMatchObject({
      friendlyName: 'Lobby',
      isPrivate: false
    });
    expect(await alice.call('peekConversation', { sid: conversation.sid })).toMatchObject({ sid: conversation.sid });
  });

  it('updateConversation changes shared fields, tells every participant; a no-op update emits nothing', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const bob = await connect('bob');
    const { conversation } = await alice.call('createConversation', {});
    await alice.call('addParticipant', { conversationSid: conversation.sid, identity: 'bob' });
    const updated = await bob.call('updateConversation', {
      sid: conversation.sid,
      friendlyName: 'New',
      uniqueName: 'new',
      attributes: { n: 1 },
      state: 'inactive'
    });
    expect(updated).toMatchObject({
      friendlyName: 'New',
      uniqueName: 'new',
      attributes: { n: 1 },
      state: { current: 'inactive' }
    });
    for (const client of [alice, bob]) {
      const event = await client.waitEvent('conversationUpdated');
      expect(event.data.conversation).toMatchObject({ friendlyName: 'New', state: { current: 'inactive' } });
    }
    await alice.call('updateConversation', { sid: conversation.sid, friendlyName: 'New' });
    await alice.call('updateConversation', { sid: conversation.sid, uniqueName: '' });
    await bob.waitEvent('conversationUpdated', (e) => e.data.conversation.uniqueName === null);
    expect(bob.named('conversationUpdated')).toHaveLength(2);
  });

  it('a closed conversation cannot be reopened and takes no messages or participants', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const { conversation } = await alice.call('createConversation', {});
    await alice.call('updateConversation', { sid: conversation.sid, state: 'closed' });
    expect(await alice.fail('updateConversation', { sid: conversation.sid, state: 'active' })).toMatchObject({
      code: ErrorCode.Conflict
    });
    expect(await alice.fail('sendMessage', { conversationSid: conversation.sid, key: 'k', body: 'x' })).toMatchObject({
      code: ErrorCode.Conflict
    });
    expect(await alice.fail('addParticipant', { conversationSid: conversation.sid, identity: 'bob' })).toMatchObject({
      code: ErrorCode.Conflict
    });
  });

  it('an inactive conversation becomes active again with a new message', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const { conversation } = await alice.call('createConversation', {});
    await alice.call('updateConversation', { sid: conversation.sid, state: 'inactive' });
    await alice.call('sendMessage', { conversationSid: conversation.sid, key: 'k', body: 'wake up' });
    await alice.waitEvent('conversationUpdated', (e) => e.data.conversation.state.current === 'active');
    expect((await alice.call('peekConversation', { sid: conversation.sid })).state.current).toBe('active');
  });

  it('deleteConversation removes it for every participant', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const bob = await connect('bob');
    const { conversation } = await alice.call('createConversation', { uniqueName: 'gone' });
    await alice.call('addParticipant', { conversationSid: conversation.sid, identity: 'bob' });
    expect(await alice.call('deleteConversation', { sid: conversation.sid })).toEqual({});
    for (const client of [alice, bob]) {
      expect((await client.waitEvent('conversationRemoved')).data).toEqual({ conversationSid: conversation.sid });
    }
    expect(await bob.fail('peekConversation', { sid: conversation.sid })).toMatchObject({ code: ErrorCode.NotFound });
    expect((await alice.call('listMyConversations', {})).items).toEqual([]);
    await alice.call('createConversation', { uniqueName: 'gone' });
  });

  it('listMyConversations: latest activity first, last-message preview, unread counts, cursor paging', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const sids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { conversation } = await alice.call('createConversation', { friendlyName: `c${i}` });
      sids.push(conversation.sid);
      await waitFor(() => Date.now() > conversation.dateCreated, 'the next millisecond'); // distinct activity times
    }
    const long = 'é'.repeat(300);
    await alice.call('sendMessage', { conversationSid: sids[1], key: 'k', body: long });
    await alice.call('updateReadHorizon', { conversationSid: sids[1], mode: 'none' });
    const page1 = await alice.call('listMyConversations', { pageSize: 2 });
    expect(page1.items.map((x: { conversation: { sid: string } }) => x.conversation.sid)).toEqual([sids[1], sids[4]]);
    expect(page1.items[0].conversation.lastMessage?.body).toBe('é'.repeat(256));
    expect(page1.items[0]).toMatchObject({
      unreadCount: null,
      participant: { identity: 'alice' },
      notificationLevel: 'default'
    });
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await alice.call('listMyConversations', { pageSize: 2, cursor: page1.nextCursor });
    const page3 = await alice.call('listMyConversations', { pageSize: 2, cursor: page2.nextCursor });
    expect([...page2.items, ...page3.items].map((x: { conversation: { sid: string } }) => x.conversation.sid)).toEqual([
      sids[3],
      sids[2],
      sids[0]
    ]);
    expect(page3.nextCursor).toBeNull();
    expect(await alice.fail('listMyConversations', { cursor: 'bogus' })).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.cursor'
    });
    expect(await alice.fail('listMyConversations', { pageSize: LIMITS.maxConversationsPageSize + 1 })).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.pageSize'
    });
  });
});

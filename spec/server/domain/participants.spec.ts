import { ErrorCode, LIMITS } from '../../../lib/protocol';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

describe('participants', () => {
  it('addParticipant: a user is created on first sight, everyone in it gets participantJoined', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const bob = await connect('bob');
    const { conversation } = await alice.call('createConversation', {});
    const added = await alice.call('addParticipant', {
      conversationSid: conversation.sid,
      identity: 'bob',
      attributes: { seat: 2 }
    });
    expect(added).toMatchObject({
      identity: 'bob',
      role: 'user',
      attributes: { seat: 2 },
      conversationSid: conversation.sid
    });
    const seen = await bob.waitEvent('participantJoined');
    expect(seen.data.participant.sid).toBe(added.sid);
    expect(seen.data.conversation).toMatchObject({ sid: conversation.sid, participantsCount: 2 });
    await alice.waitEvent('participantJoined', (e) => e.data.participant.identity === 'bob');
    const carol = await alice.call('addParticipant', { conversationSid: conversation.sid, identity: 'carol' });
    expect(carol.identity).toBe('carol');
    const [user] = (await alice.call('subscribeUsers', { identities: ['carol'] })).items;
    expect(user).toMatchObject({ identity: 'carol', friendlyName: null, attributes: {}, isOnline: false });
    expect(await alice.fail('addParticipant', { conversationSid: conversation.sid, identity: 'bob' })).toMatchObject({
      code: ErrorCode.Conflict
    });
  });

  it('listParticipants answers the roster', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const { conversation } = await alice.call('createConversation', {});
    await alice.call('addParticipant', { conversationSid: conversation.sid, identity: 'bob' });
    const { items } = await alice.call('listParticipants', { conversationSid: conversation.sid });
    expect(items.map((p) => p.identity).sort()).toEqual(['alice', 'bob']);
  });

  it('listRosters answers the rosters of the caller’s conversations, not the others, public or private', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const eve = await connect('eve');
    const mine = (await alice.call('createConversation', {})).conversation.sid;
    await alice.call('addParticipant', { conversationSid: mine, identity: 'bob' });
    const secret = (await eve.call('createConversation', {})).conversation.sid;
    const open = (await eve.call('createConversation', { isPrivate: false })).conversation.sid;
    const { items } = await alice.call('listRosters', { conversationSids: [mine, secret, open, 'CH-none', mine] });
    expect(items.map((roster) => roster.conversationSid)).toEqual([mine]);
    expect(items[0].items.map((p) => p.identity).sort()).toEqual(['alice', 'bob']);
    expect(await alice.fail('listRosters', { conversationSids: [] })).toMatchObject({ code: ErrorCode.BadRequest });
    const tooMany = Array.from({ length: LIMITS.maxRostersPerRequest + 1 }, () => mine);
    expect(await alice.fail('listRosters', { conversationSids: tooMany })).toMatchObject({
      code: ErrorCode.BadRequest
    });
  });

  it(`refuses participant number ${LIMITS.maxParticipantsPerConversation + 1} with LimitExceeded`, async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const { conversation } = await alice.call('createConversation', {});
    for (let start = 1; start < LIMITS.maxParticipantsPerConversation; start += 200) {
      const adds = [];
      for (let i = start; i < Math.min(start + 200, LIMITS.maxParticipantsPerConversation); i++) {
        adds.push(alice.request('addParticipant', { conversationSid: conversation.sid, identity: `u${i}` }));
      }
      expect((await Promise.all(adds)).every((reply) => reply.result)).toBe(true);
    }
    expect(
      await alice.fail('addParticipant', { conversationSid: conversation.sid, identity: 'one-too-many' })
    ).toMatchObject({
      code: ErrorCode.LimitExceeded
    });
    expect((await alice.call('peekConversation', { sid: conversation.sid })).participantsCount).toBe(1000);
  });

  it('joinConversation: anyone joins a public one; joining again answers it unchanged with no event', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const bob = await connect('bob');
    const { conversation } = await alice.call('createConversation', { isPrivate: false });
    const joined = await bob.call('joinConversation', { conversationSid: conversation.sid });
    expect(joined).toMatchObject({
      participant: { identity: 'bob', role: 'user' },
      conversation: { participantsCount: 2 },
      unreadCount: null
    });
    await alice.waitEvent('participantJoined', (e) => e.data.participant.identity === 'bob');
    const again = await bob.call('joinConversation', { conversationSid: conversation.sid });
    expect(again.participant.sid).toBe(joined.participant.sid);
    await alice.call('sendMessage', { conversationSid: conversation.sid, key: 'sync', body: 'x' });
    await bob.waitEvent('messageAdded');
    expect(bob.named('participantJoined')).toHaveLength(1);
  });

  it('leaveConversation: the leaver receives participantLeft too, then nothing more of the conversation', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const bob = await connect('bob');
    const { conversation } = await alice.call('createConversation', {});
    await alice.call('addParticipant', { conversationSid: conversation.sid, identity: 'bob' });
    await bob.waitEvent('participantJoined');
    expect(await bob.call('leaveConversation', { conversationSid: conversation.sid })).toEqual({});
    expect((await bob.waitEvent('participantLeft')).data.participant.identity).toBe('bob');
    await alice.waitEvent('participantLeft');
    await alice.call('sendMessage', { conversationSid: conversation.sid, key: 'after', body: 'secret' });
    await alice.waitEvent('messageAdded');
    // a later event of bob's own: had the message reached him, it would have come before it
    const { conversation: own } = await bob.call('createConversation', {});
    await bob.waitEvent('participantJoined', (e) => e.data.conversation.sid === own.sid);
    expect(bob.named('messageAdded')).toHaveLength(0);
    expect(await bob.fail('getMessages', { conversationSid: conversation.sid })).toMatchObject({
      code: ErrorCode.NotFound
    });
    expect((await alice.call('peekConversation', { sid: conversation.sid })).participantsCount).toBe(1);
  });

  it('removeParticipant by identity or sid (admin), or oneself', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const bob = await connect('bob');
    const { conversation } = await alice.call('createConversation', {});
    const sid = conversation.sid;
    await alice.call('addParticipant', { conversationSid: sid, identity: 'bob' });
    const carol = await alice.call('addParticipant', { conversationSid: sid, identity: 'carol' });
    await alice.call('removeParticipant', { conversationSid: sid, participantSid: carol.sid });
    await bob.waitEvent('participantLeft', (e) => e.data.participant.identity === 'carol');
    await alice.call('removeParticipant', { conversationSid: sid, identity: 'bob' });
    await bob.waitEvent('participantLeft', (e) => e.data.participant.identity === 'bob');
    await alice.call('addParticipant', { conversationSid: sid, identity: 'bob' });
    await bob.call('removeParticipant', { conversationSid: sid, identity: 'bob' });
    expect(await alice.fail('removeParticipant', { conversationSid: sid })).toMatchObject({
      code: ErrorCode.BadRequest
    });
    expect(await alice.fail('removeParticipant', { conversationSid: sid, identity: 'nobody' })).toMatchObject({
      code: ErrorCode.NotFound
    });
  });

  it('updateParticipant: own attributes, roles by an admin, participantUpdated to everyone', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const bob = await connect('bob');
    const { conversation } = await alice.call('createConversation', {});
    const b = await alice.call('addParticipant', { conversationSid: conversation.sid, identity: 'bob' });
    const own = await bob.call('updateParticipant', {
      conversationSid: conversation.sid,
      participantSid: b.sid,
      attributes: { mood: 'ok' }
    });
    expect(own.attributes).toEqual({ mood: 'ok' });
    await alice.waitEvent(
      'participantUpdated',
      (e) => (e.data.participant.attributes as { mood?: string }).mood === 'ok'
    );
    const promoted = await alice.call('updateParticipant', {
      conversationSid: conversation.sid,
      participantSid: b.sid,
      role: 'admin'
    });
    expect(promoted.role).toBe('admin');
    await bob.waitEvent('participantUpdated', (e) => e.data.participant.role === 'admin');
    expect(
      await alice.fail('updateParticipant', { conversationSid: conversation.sid, participantSid: 'MB0' })
    ).toMatchObject({
      code: ErrorCode.NotFound
    });
  });
});

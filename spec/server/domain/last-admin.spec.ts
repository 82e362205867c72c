import { expect } from '@jest/globals';
import { ErrorCode } from '../../../lib/protocol';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

/** alice (admin) creates a conversation, then adds bob, carol and dan in that order. */
async function roster() {
  const { connect } = await world();
  const alice = await connect('alice');
  const carol = await connect('carol');
  const { conversation } = await alice.call('createConversation', {});
  const sid = conversation.sid;
  const sids: Record<string, string> = {};
  for (const identity of ['bob', 'carol', 'dan'])
    sids[identity] = (await alice.call('addParticipant', { conversationSid: sid, identity })).sid;
  const roles = async () =>
    Object.fromEntries(
      (await carol.call('listParticipants', { conversationSid: sid })).items.map(
        (p) => [p.identity ?? '', p.role] as const
      )
    );
  return { connect, alice, carol, sid, sids, roles };
}

describe('the last admin', () => {
  it('leaving makes the longest-standing participant admin, and everyone is told', async () => {
    const { connect, alice, carol, sid, sids, roles } = await roster();
    await alice.call('leaveConversation', { conversationSid: sid });
    expect(await roles()).toEqual({ bob: 'admin', carol: 'user', dan: 'user' });
    const promoted = await carol.waitEvent('participantUpdated', (e) => e.data.participant.sid === sids.bob);
    expect(promoted.data.participant).toMatchObject({ identity: 'bob', role: 'admin' });
    // the conversation can still be managed: bob may remove others
    const bob = await connect('bob');
    await bob.call('removeParticipant', { conversationSid: sid, identity: 'dan' });
    expect(await roles()).toEqual({ bob: 'admin', carol: 'user' });
  });

  it('being removed (or removing oneself) promotes alike; with another admin left, nobody is promoted', async () => {
    const { alice, carol, sid, sids, roles } = await roster();
    await alice.call('updateParticipant', { conversationSid: sid, participantSid: sids.dan, role: 'admin' });
    await alice.call('removeParticipant', { conversationSid: sid, identity: 'alice' });
    expect(await roles()).toEqual({ bob: 'user', carol: 'user', dan: 'admin' });
    expect(carol.named('participantUpdated').filter((e) => e.data.participant.identity === 'bob')).toEqual([]);
  });

  it('cannot stop being admin while no one else is: Conflict, and nothing changes', async () => {
    const { alice, sid, roles } = await roster();
    const own = (await alice.call('listParticipants', { conversationSid: sid })).items.find(
      (p) => p.identity === 'alice'
    );
    expect(
      await alice.fail('updateParticipant', { conversationSid: sid, participantSid: own!.sid, role: 'user' })
    ).toMatchObject({
      code: ErrorCode.Conflict,
      path: 'args.role'
    });
    expect(await roles()).toEqual({ alice: 'admin', bob: 'user', carol: 'user', dan: 'user' });
  });

  it('the last participant may leave: nobody is left to promote', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const { conversation } = await alice.call('createConversation', {});
    await alice.call('leaveConversation', { conversationSid: conversation.sid });
    expect((await alice.call('listMyConversations')).items).toEqual([]);
  });
});

describe('unique names', () => {
  it('are unique per service, as in the reference: a taken name is a Conflict for anyone, naming no more', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const mallory = await connect('mallory');
    const { conversation } = await alice.call('createConversation', { uniqueName: 'secret-project' });
    const { conversation: own } = await mallory.call('createConversation', { uniqueName: 'mallory-room' });
    // the same answer whether or not the caller may see the conversation holding the name
    const hidden = await mallory.fail('createConversation', { uniqueName: 'secret-project' });
    const visible = await mallory.fail('createConversation', { uniqueName: 'mallory-room' });
    expect(hidden).toEqual(visible);
    expect(hidden).toEqual({
      code: ErrorCode.Conflict,
      status: 409,
      message: expect.stringMatching(/unique per service/),
      path: 'args.uniqueName'
    });
    expect(JSON.stringify(hidden)).not.toContain(conversation.sid);
    expect(await mallory.fail('updateConversation', { sid: own.sid, uniqueName: 'secret-project' })).toEqual(hidden);
    // looking a conversation up by name finds only one's own: the hidden one is "not found", as a missing one is
    expect(await mallory.fail('getConversation', { uniqueName: 'secret-project' })).toEqual(
      await mallory.fail('getConversation', { uniqueName: 'nothing' })
    );
  });
});

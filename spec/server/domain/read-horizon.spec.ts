import { expect } from '@jest/globals';
import { type CommandArgs, ErrorCode } from '../../../lib/protocol';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

async function withMessages(count: number) {
  const { connect } = await world();
  const alice = await connect('alice');
  const bob = await connect('bob');
  const { conversation } = await alice.call('createConversation', {});
  const sid: string = conversation.sid;
  await alice.call('addParticipant', { conversationSid: sid, identity: 'bob' });
  for (let i = 0; i < count; i++) await alice.call('sendMessage', { conversationSid: sid, key: `k${i}`, body: `${i}` });
  await bob.waitEvent('messageAdded', (e) => e.data.message.index === count - 1);
  return { alice, bob, sid };
}

describe('read horizon', () => {
  it('set, advance, all and none answer the exact unread count', async () => {
    const { bob, sid } = await withMessages(5);
    const horizon = (mode: CommandArgs<'updateReadHorizon'>['mode'], index?: number | null) =>
      bob.call('updateReadHorizon', { conversationSid: sid, mode, index });
    expect(await horizon('set', 1)).toEqual({ lastReadMessageIndex: 1, unreadCount: 3 });
    expect(await horizon('advance', 0)).toEqual({ lastReadMessageIndex: 1, unreadCount: 3 });
    expect(await horizon('advance', 3)).toEqual({ lastReadMessageIndex: 3, unreadCount: 1 });
    expect(await horizon('all')).toEqual({ lastReadMessageIndex: 4, unreadCount: 0 });
    expect(await horizon('set', 0)).toEqual({ lastReadMessageIndex: 0, unreadCount: 4 });
    expect(await horizon('none')).toEqual({ lastReadMessageIndex: null, unreadCount: null });
    expect(await bob.fail('updateReadHorizon', { conversationSid: sid, mode: 'advance' })).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.index'
    });
  });

  it('others see participantUpdated (read receipts); only the reader sees userConversationUpdated', async () => {
    const { alice, bob, sid } = await withMessages(3);
    await bob.call('updateReadHorizon', { conversationSid: sid, mode: 'set', index: 1 });
    const receipt = await alice.waitEvent('participantUpdated');
    expect(receipt.data.participant).toMatchObject({
      identity: 'bob',
      lastReadMessageIndex: 1,
      lastReadTimestamp: expect.any(Number)
    });
    const own = await bob.waitEvent('userConversationUpdated');
    expect(own.data).toEqual({
      conversationSid: sid,
      lastReadMessageIndex: 1,
      unreadCount: 1,
      notificationLevel: 'default'
    });
    const list = await bob.call('listMyConversations', {});
    expect(list.items[0]).toMatchObject({ unreadCount: 1, participant: { lastReadMessageIndex: 1 } });
    // a later event to alice: had bob's own view reached her, it would have come before it
    await bob.call('sendMessage', { conversationSid: sid, key: 'after', body: 'after' });
    await alice.waitEvent('messageAdded', (e) => e.data.message.body === 'after');
    expect(alice.named('userConversationUpdated')).toHaveLength(0);
  });

  it('"all" in a conversation without messages sets the horizon before the first: later messages count', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const { conversation } = await alice.call('createConversation', {});
    const sid = conversation.sid;
    expect(await alice.call('updateReadHorizon', { conversationSid: sid, mode: 'all' })).toEqual({
      lastReadMessageIndex: null,
      unreadCount: 0
    });
    expect((await alice.waitEvent('userConversationUpdated')).data).toMatchObject({
      lastReadMessageIndex: null,
      unreadCount: 0
    });
    expect((await alice.waitEvent('participantUpdated')).data.participant.lastReadMessageIndex).toBeNull();
    await alice.call('sendMessage', { conversationSid: sid, key: 'a', body: 'x' });
    await alice.call('sendMessage', { conversationSid: sid, key: 'b', body: 'y' });
    expect(await alice.call('getConversation', { sid })).toMatchObject({
      unreadCount: 2,
      participant: { lastReadMessageIndex: null }
    });
    expect((await alice.call('listMyConversations', {})).items[0].unreadCount).toBe(2);
    expect(await alice.call('updateReadHorizon', { conversationSid: sid, mode: 'advance', index: 0 })).toEqual({
      lastReadMessageIndex: 0,
      unreadCount: 1
    });
  });

  it('ackDelivery moves the delivery horizon forward only, never past the newest message, coalesced', async () => {
    const { alice, bob, sid } = await withMessages(3);
    const bobSid = (await bob.call('getConversation', { sid })).participant.sid;
    await bob.call('ackDelivery', { conversationSid: sid, index: 1 });
    const first = await alice.waitEvent('participantsDelivered');
    expect(first.data).toEqual({ conversationSid: sid, horizons: [{ participantSid: bobSid, index: 1 }] });
    await bob.call('ackDelivery', { conversationSid: sid, index: 0 });
    await bob.call('ackDelivery', { conversationSid: sid, index: 99 });
    await alice.waitEvent('participantsDelivered', (e) => e.data.horizons[0].index === 2);
    expect(alice.named('participantsDelivered')).toHaveLength(2);
    expect(alice.named('participantUpdated')).toHaveLength(0);
    const roster = await alice.call('listParticipants', { conversationSid: sid });
    expect(roster.items.find((p) => p.identity === 'bob')?.lastDeliveredMessageIndex).toBe(2);
  });

  it('coalesces acknowledgements of many participants into one event per interval', async () => {
    const { connect } = await world({ deliveryReceiptIntervalMs: 300 });
    const alice = await connect('alice');
    const { conversation } = await alice.call('createConversation', {});
    const sid: string = conversation.sid;
    const others = [];
    for (let i = 0; i < 6; i++) {
      await alice.call('addParticipant', { conversationSid: sid, identity: `u${i}` });
      others.push(await connect(`u${i}`));
    }
    await alice.call('sendMessage', { conversationSid: sid, key: 'k', body: 'hi' });
    await alice.call('sendMessage', { conversationSid: sid, key: 'k2', body: 'again' });
    for (const other of others) await other.call('ackDelivery', { conversationSid: sid, index: 0 });
    for (const other of others) await other.call('ackDelivery', { conversationSid: sid, index: 1 });
    await alice.waitEvent(
      'participantsDelivered',
      (e) => e.data.horizons.length === 6 && e.data.horizons.every((h) => h.index === 1)
    );
    // 12 acknowledgements: the first goes out at once, the rest at most one event per 300 ms
    expect(alice.named('participantsDelivered').length).toBeLessThanOrEqual(3);
  });

  it('setNotificationLevel mutes for the caller only, shown in the list and as userConversationUpdated', async () => {
    const { alice, bob, sid } = await withMessages(1);
    expect(await bob.call('setNotificationLevel', { conversationSid: sid, level: 'muted' })).toEqual({});
    expect((await bob.waitEvent('userConversationUpdated')).data).toMatchObject({
      notificationLevel: 'muted',
      unreadCount: null
    });
    expect((await bob.call('getConversation', { sid })).notificationLevel).toBe('muted');
    expect((await alice.call('getConversation', { sid })).notificationLevel).toBe('default');
  });
});

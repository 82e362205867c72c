import { firstValueFrom, filter } from 'rxjs';
import { AggregatedDeliveryReceipt, DetailedDeliveryReceipt, type MessageUpdatedEventArgs } from '../../lib/client';
import { waitFor } from '../helpers/wait';
import { clientWorld, type ClientWorld } from './world';

describe('delivery and read receipts of chat participants', () => {
  let world: ClientWorld;
  afterEach(async () => {
    await world.close();
  });

  it('every client acks what it receives; the author sees delivered and read move live (messageUpdated)', async () => {
    world = await clientWorld({ deliveryReceiptIntervalMs: 100 });
    const alice = await world.client('alice', { deliveryAckIntervalMs: 100 });
    const bob = await world.client('bob', { deliveryAckIntervalMs: 100 });
    const carol = await world.client('carol', { deliveryAckIntervalMs: 100 });
    const conversation = await alice.createConversation();
    const bobJoined = firstValueFrom(bob.conversationJoined$);
    const carolJoined = firstValueFrom(carol.conversationJoined$);
    await conversation.add('bob');
    await conversation.add('carol');
    const bobs = await bobJoined;
    await carolJoined;
    await conversation.getParticipants();

    const updates: MessageUpdatedEventArgs[] = [];
    alice.messageUpdated$.subscribe((args) => updates.push(args));
    const participantUpdates: string[][] = [];
    alice.participantUpdated$.subscribe((args) => participantUpdates.push(args.updateReasons));

    const index = await conversation.sendMessage('hello');
    const message = (await conversation.getMessages()).items.find((m) => m.index === index)!;
    await waitFor(() => message.aggregatedDeliveryReceipt?.delivered === 'all', 'bob and carol to acknowledge');
    const receipt = message.aggregatedDeliveryReceipt!;
    expect(receipt).toBeInstanceOf(AggregatedDeliveryReceipt);
    expect(receipt).toMatchObject({
      total: 2,
      sent: 'all',
      delivered: 'all',
      read: 'none',
      undelivered: 'none',
      failed: 'none'
    });
    expect(updates.some((u) => u.message === message && u.updateReasons.includes('deliveryReceipt'))).toBe(true);
    // acknowledgements reach the roster silently: no participantUpdated per acknowledgement
    expect(participantUpdates).toEqual([]);

    await bobs.setAllMessagesRead();
    await waitFor(() => message.aggregatedDeliveryReceipt?.read === 'some', 'bob to read');
    expect(message.aggregatedDeliveryReceipt).toMatchObject({ read: 'some', readCount: 1, deliveredCount: 2 });

    const detailed = await message.getDetailedDeliveryReceipts();
    expect(detailed.every((d) => d instanceof DetailedDeliveryReceipt)).toBe(true);
    const byIdentity = Object.fromEntries(detailed.map((d) => [d.identity ?? '', d] as const));
    expect(Object.keys(byIdentity).sort()).toEqual(['bob', 'carol']);
    expect(byIdentity.bob).toMatchObject({
      status: 'read',
      messageSid: message.sid,
      conversationSid: conversation.sid,
      errorCode: 0
    });
    expect(byIdentity.carol.status).toBe('delivered');
    expect(Date.parse(byIdentity.bob.dateUpdated)).toBeGreaterThanOrEqual(Date.parse(byIdentity.bob.dateCreated));
  });

  it('acknowledges a burst once or twice per interval, and only forward', async () => {
    world = await clientWorld({ deliveryReceiptIntervalMs: 50 });
    const alice = await world.client('alice');
    const bob = await world.client('bob', { deliveryAckIntervalMs: 300 });
    const conversation = await alice.createConversation();
    const joined = firstValueFrom(bob.conversationJoined$);
    await conversation.add('bob');
    await joined;
    const [, bobParticipant] = await conversation.getParticipants();
    const horizons: Array<number | null> = [];
    const watch = alice.select(
      (state) => state.participants[conversation.sid]?.bySid[bobParticipant.sid]?.lastDeliveredMessageIndex ?? null
    );
    const sub = watch.subscribe((value) => horizons.push(value));
    for (let i = 0; i < 20; i++) await conversation.sendMessage(`m${i}`);
    await waitFor(() => bobParticipant.lastDeliveredMessageIndex === 19, 'the last acknowledgement');
    sub.unsubscribe();
    const moves = horizons.filter((value, i) => i === 0 || value !== horizons[i - 1]);
    // 20 messages in a burst: a handful of acknowledgements, each further than the last
    expect(moves.length).toBeLessThanOrEqual(6);
    const numbers = moves.filter((value): value is number => value !== null);
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
  });

  it('a conversation joined live has its roster, so its first message has its receipt at once', async () => {
    world = await clientWorld();
    const alice = await world.client('alice');
    const bob = await world.client('bob');
    const conversation = await alice.createConversation();
    const joined = firstValueFrom(bob.conversationJoined$);
    await conversation.add('bob');
    const bobs = await joined;
    const arrived = firstValueFrom(bobs.messageAdded$.pipe(filter((m) => m.body === 'x')));
    await conversation.sendMessage('x');
    const seen = await arrived;
    expect(seen.aggregatedDeliveryReceipt?.total).toBe(1);
    await expect(seen.getDetailedDeliveryReceipts()).resolves.toHaveLength(1);
  });
});

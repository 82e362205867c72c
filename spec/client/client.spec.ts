import { firstValueFrom, take, toArray, filter } from 'rxjs';
import {
  Client,
  Conversation,
  ConversationsError,
  ErrorCode,
  Message,
  selectConversations,
  selectMessages,
  selectTotalUnreadCount,
  selectTypingParticipants,
  selectUnreadCount
} from '../../lib/client';
import { waitFor } from '../helpers/wait';
import { clientWorld, type ClientWorld } from './world';

describe('Client against the real server', () => {
  let world: ClientWorld;
  beforeEach(async () => {
    world = await clientWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it('initializes from a token alone and is connected', async () => {
    const alice = await world.client('alice');
    expect(alice.connectionState).toBe('connected');
    expect(alice.user.identity).toBe('alice');
    expect(alice.getState().session.status).toBe('initialized');
    expect(alice.reachabilityEnabled).toBe(true);
    expect(alice.user.isOnline).toBe(true);
  });

  it('fires conversationAdded and conversationJoined at start-up for each one, once the store holds it', async () => {
    const alice = await world.client('alice');
    await alice.createConversation({ friendlyName: 'one' });
    await alice.createConversation({ friendlyName: 'two' });
    const again = await world.rawClient('alice');
    const seen: string[] = [];
    again.on('conversationAdded', (c) => {
      expect(selectConversations(again.getState())).toHaveLength(2);
      seen.push(`added:${c.friendlyName}`);
    });
    again.on('conversationJoined', (c) => seen.push(`joined:${c.friendlyName}`));
    await firstValueFrom(again.initialized$);
    expect(seen.sort()).toEqual(['added:one', 'added:two', 'joined:one', 'joined:two']);
    const list = await again.getSubscribedConversations();
    expect(list.items.map((c) => c.friendlyName)).toEqual(['two', 'one']);
    expect(list.items[0]).toBeInstanceOf(Conversation);
  });

  it('lets two clients see each other: participants, messages in the same order, typing, horizons, users', async () => {
    const alice = await world.client('alice');
    const bob = await world.client('bob');
    const joined = firstValueFrom(bob.conversationJoined$);
    const conversation = await alice.createConversation({ friendlyName: 'pair', attributes: { topic: 'x' } });
    await conversation.add('bob');
    const bobsConversation = await joined;
    expect(bobsConversation.sid).toBe(conversation.sid);
    expect(bobsConversation.friendlyName).toBe('pair');
    expect(bobsConversation.attributes).toEqual({ topic: 'x' });

    // messages, both ways, same indexes everywhere
    const bobSaw = bob.messageAdded$.pipe(take(4), toArray());
    const arrived = firstValueFrom(bobSaw);
    expect(await conversation.sendMessage('one')).toBe(0);
    expect(await conversation.sendMessage('two')).toBe(1);
    expect(await bobsConversation.sendMessage('three')).toBe(2);
    expect(await conversation.sendMessage('four')).toBe(3);
    const messages = await arrived;
    expect(messages.map((m) => [m.index, m.body, m.author])).toEqual([
      [0, 'one', 'alice'],
      [1, 'two', 'alice'],
      [2, 'three', 'bob'],
      [3, 'four', 'alice']
    ]);
    expect(messages[0]).toBeInstanceOf(Message);
    await waitFor(() => selectMessages(conversation.sid)(alice.getState()).length === 4, 'alice holds 4 messages');
    const aliceBodies = selectMessages(conversation.sid)(alice.getState()).map((m) => m.body);
    const bobBodies = selectMessages(conversation.sid)(bob.getState()).map((m) => m.body);
    expect(aliceBodies).toEqual(['one', 'two', 'three', 'four']);
    expect(bobBodies).toEqual(aliceBodies);
    expect(bobsConversation.lastMessage?.index).toBe(3);
    expect(bobsConversation.lastMessage?.body).toBe('four');

    // read horizon and unread counts, live
    expect(await bobsConversation.getUnreadMessagesCount()).toBeNull();
    expect(await bobsConversation.updateLastReadMessageIndex(1)).toBe(2);
    expect(selectUnreadCount(conversation.sid)(bob.getState())).toBe(2);
    await conversation.sendMessage('five');
    await waitFor(() => selectUnreadCount(conversation.sid)(bob.getState()) === 3, 'bob unread 3');
    expect(await bobsConversation.setAllMessagesRead()).toBe(0);
    const aliceSeesBob = (await conversation.getParticipants()).find((p) => p.identity === 'bob');
    await waitFor(() => aliceSeesBob?.lastReadMessageIndex === 4, 'alice sees bob read 4');

    // typing start and end
    const started = firstValueFrom(alice.typingStarted$);
    await bobsConversation.typing();
    const typist = await started;
    expect(typist.identity).toBe('bob');
    expect(typist.isTyping).toBe(true);
    expect(selectTypingParticipants(conversation.sid)(alice.getState()).map((p) => p.identity)).toEqual(['bob']);
    const ended = firstValueFrom(alice.typingEnded$);
    await bobsConversation.sendMessage('stops typing');
    expect((await ended).identity).toBe('bob');

    // user updates reach subscribers
    const bobAsSeenByAlice = await alice.getUser('bob');
    const updated = firstValueFrom(
      bobAsSeenByAlice.updated$.pipe(filter((u) => u.updateReasons.includes('friendlyName')))
    );
    await bob.user.updateFriendlyName('Bobby');
    const update = await updated;
    expect(update.updateReasons).toContain('friendlyName');
    expect(bobAsSeenByAlice.friendlyName).toBe('Bobby');
  });

  it('refuses a non-participant without telling whether the conversation exists', async () => {
    const alice = await world.client('alice');
    const mallory = await world.client('mallory');
    const secret = await alice.createConversation({ friendlyName: 'secret' });
    const missing = await mallory.getConversationBySid(secret.sid).catch((e: unknown) => e);
    const nonexistent = await mallory
      .getConversationBySid('CH00000000000000000000000000000000')
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ConversationsError);
    expect((missing as ConversationsError).code).toBe(ErrorCode.NotFound);
    expect((nonexistent as ConversationsError).code).toBe(ErrorCode.NotFound);
    expect((missing as ConversationsError).message.replace(secret.sid, 'X')).toBe(
      (nonexistent as ConversationsError).message.replace('CH00000000000000000000000000000000', 'X')
    );
  });

  it('has the store hold every event when its observable emits; resolves commands before their events', async () => {
    const alice = await world.client('alice');
    const bob = await world.client('bob');
    const conversation = await alice.createConversation();
    await conversation.add('bob');
    const checks: boolean[] = [];
    bob.messageAdded$.subscribe((message) => {
      const held = selectMessages(message.conversation.sid)(bob.getState()).some(
        (m) => 'index' in m && m.index === message.index
      );
      checks.push(held);
    });
    await waitFor(() => bob.getState().conversations[conversation.sid] !== undefined, 'bob joined');
    for (let i = 0; i < 20; i++) await conversation.sendMessage(`m${i}`);
    await waitFor(() => checks.length === 20, 'bob saw 20');
    expect(checks.every(Boolean)).toBe(true);

    const order: string[] = [];
    conversation.on('updated', () => order.push('event'));
    await conversation.updateFriendlyName('renamed');
    order.push('resolved');
    expect(conversation.friendlyName).toBe('renamed');
    await waitFor(() => order.length === 2, 'the updated event');
    expect(order).toEqual(['resolved', 'event']);
  });

  it('shows a pending message at once and reconciles it with the server copy', async () => {
    const alice = await world.client('alice');
    const conversation = await alice.createConversation();
    // every state the store publishes, from now on: the first with the message shows it pending
    const states: ReturnType<ReturnType<typeof selectMessages>>[] = [];
    const watching = alice.select(selectMessages(conversation.sid)).subscribe((items) => states.push(items));
    const sending = conversation.sendMessage('hello');
    const index = await sending;
    watching.unsubscribe();
    const during = states.find((items) => items.length > 0);
    expect(during).toHaveLength(1);
    expect(during?.[0]).toMatchObject({ body: 'hello', status: 'pending' });
    const after = selectMessages(conversation.sid)(alice.getState());
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ body: 'hello', index });
  });

  it('keeps model objects identity-stable and their properties own and enumerable', async () => {
    const alice = await world.client('alice');
    const conversation = await alice.createConversation({ friendlyName: 'stable' });
    expect(await alice.getConversationBySid(conversation.sid)).toBe(conversation);
    const copy = { ...conversation };
    expect(copy.friendlyName).toBe('stable');
    expect(copy.dateCreated).toBeInstanceOf(Date);
    expect(conversation.dateCreated).toBe(conversation.dateCreated);
    await conversation.sendMessage('x');
    const page = await conversation.getMessages();
    const again = await conversation.getMessages();
    expect(again.items[0]).toBe(page.items[0]);
    expect({ ...page.items[0] }.body).toBe('x');
  });

  it('pages messages both ways in ascending order', async () => {
    const alice = await world.client('alice');
    const conversation = await alice.createConversation();
    for (let i = 0; i < 25; i++) await conversation.sendMessage(`m${i}`);
    const newest = await conversation.getMessages(10);
    expect(newest.items.map((m) => m.index)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(newest.hasPrevPage).toBe(true);
    expect(newest.hasNextPage).toBe(false);
    const older = await newest.prevPage();
    expect(older.items.map((m) => m.index)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const forward = await conversation.getMessages(10, 0, 'forward');
    expect(forward.items.map((m) => m.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const next = await forward.nextPage();
    expect(next.items[0].index).toBe(10);
    await expect(newest.nextPage()).rejects.toThrow('No next page');
  });

  it('supports the reference emitter style: on, once, off, removeListener, removeAllListeners', async () => {
    const alice = await world.client('alice');
    const conversation = await alice.createConversation();
    const all: number[] = [];
    const once: number[] = [];
    const removed: number[] = [];
    const onAll = (m: Message) => all.push(m.index);
    const onRemoved = (m: Message) => removed.push(m.index);
    alice.on('messageAdded', onAll);
    alice.once('messageAdded', (m) => once.push(m.index));
    alice.addListener('messageAdded', onRemoved);
    alice.removeListener('messageAdded', onRemoved);
    await conversation.sendMessage('a');
    await conversation.sendMessage('b');
    await waitFor(() => all.length === 2, 'two messages');
    alice.off('messageAdded', onAll);
    alice.removeAllListeners();
    // a subscriber added now sees 'c': by then the removed listeners would have seen it too
    const probe = firstValueFrom(alice.messageAdded$);
    await conversation.sendMessage('c');
    expect((await probe).index).toBe(2);
    expect(all).toEqual([0, 1]);
    expect(once).toEqual([0]);
    expect(removed).toEqual([]);
  });

  it('rejects at once with typed errors after shutdown, and completes every observable', async () => {
    const alice = await world.client('alice');
    const conversation = await alice.createConversation();
    let completed = 0;
    alice.messageAdded$.subscribe({ complete: () => completed++ });
    alice.state$.subscribe({ complete: () => completed++ });
    conversation.messageAdded$.subscribe({ complete: () => completed++ });
    await alice.shutdown();
    expect(completed).toBe(3);
    expect(alice.connectionState).toBe('disconnected');
    await expect(alice.createConversation()).rejects.toMatchObject({ code: ErrorCode.ShutDown });
    await expect(conversation.sendMessage('x')).rejects.toMatchObject({ code: ErrorCode.ShutDown });
    await expect(alice.updateToken('x.y.z')).rejects.toBeInstanceOf(ConversationsError);
  });

  it('fails initialization with a typed error for a forged token, and methods reject at once', async () => {
    const good = await world.server.issueToken('eve');
    const [header, payload] = good.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const client = new Client(forged);
    const failed = await firstValueFrom(client.initFailed$);
    expect(failed.error?.errorCode).toBe(ErrorCode.TokenInvalid);
    expect(client.connectionState).toBe('denied');
    const started = Date.now();
    await expect(client.getSubscribedConversations()).rejects.toMatchObject({ code: ErrorCode.NotReady });
    await expect(client.createConversation()).rejects.toBeInstanceOf(ConversationsError);
    expect(Date.now() - started).toBeLessThan(100);
    await client.shutdown();
  });

  it('throws a typed error for a token that is not a JWT', () => {
    expect(() => new Client('not a token')).toThrow(ConversationsError);
    expect(() => new Client('')).toThrow(ConversationsError);
  });

  it('selects the total unread count across conversations', async () => {
    const alice = await world.client('alice');
    const bob = await world.client('bob');
    const convs = [await alice.createConversation(), await alice.createConversation()];
    for (const c of convs) await c.add('bob');
    await waitFor(() => Object.keys(bob.getState().conversations).length === 2, 'bob in two');
    for (const sid of Object.keys(bob.getState().conversations)) {
      const c = await bob.getConversationBySid(sid);
      await c.setAllMessagesRead();
    }
    const totals: number[] = [];
    bob.select(selectTotalUnreadCount).subscribe((n) => totals.push(n));
    await convs[0].sendMessage('1');
    await convs[1].sendMessage('2');
    await convs[1].sendMessage('3');
    await waitFor(() => totals[totals.length - 1] === 3, 'total 3');
    expect(totals[0]).toBe(0);
    expect(new Set(totals).size).toBe(totals.length);
  });
});

import { firstValueFrom, filter } from 'rxjs';
import { ConversationsError, ErrorCode, Participant, User, selectMessages } from '../../lib/client';
import { commandsSent, countingSocket } from '../helpers/counting-socket';
import { waitFor } from '../helpers/wait';
import { clientWorld, type ClientWorld } from './world';

describe('model objects: every documented method against the real server', () => {
  let world: ClientWorld;
  beforeEach(async () => {
    world = await clientWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  async function pair() {
    const alice = await world.client('alice');
    const bob = await world.client('bob');
    const conversation = await alice.createConversation({ friendlyName: 'models' });
    const joined = firstValueFrom(bob.conversationJoined$);
    await conversation.add('bob');
    return { alice, bob, conversation, bobsConversation: await joined };
  }

  it('conversation: join is idempotent, leave, removeParticipant, participants by sid and identity', async () => {
    const { alice, bob, conversation, bobsConversation } = await pair();
    expect(await conversation.join()).toBe(conversation);
    const participants = await conversation.getParticipants();
    expect(participants.map((p) => p.identity).sort()).toEqual(['alice', 'bob']);
    expect(participants[0]).toBeInstanceOf(Participant);
    const bobParticipant = await conversation.getParticipantByIdentity('bob');
    expect(await conversation.getParticipantBySid(bobParticipant.sid)).toBe(bobParticipant);
    await expect(conversation.getParticipantByIdentity('nobody')).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect(await conversation.getParticipantsCount()).toBe(2);

    const left = firstValueFrom(alice.participantLeft$);
    const bobLeft = firstValueFrom(bob.conversationLeft$);
    const bobRemoved = firstValueFrom(bobsConversation.removed$);
    await bobsConversation.leave();
    expect((await left).identity).toBe('bob');
    expect((await bobLeft).sid).toBe(conversation.sid);
    expect(await bobRemoved).toBe(bobsConversation);
    expect(bobsConversation.status).toBe('notParticipating');
    expect(bob.getState().conversations[conversation.sid]).toBeUndefined();
    expect(await bobsConversation.leave()).toBe(bobsConversation);

    await conversation.add('bob');
    await waitFor(() => bob.getState().conversations[conversation.sid] !== undefined, 'bob back');
    const removed = firstValueFrom(bob.conversationRemoved$);
    await conversation.removeParticipant('bob');
    expect((await removed).sid).toBe(conversation.sid);
    expect(await conversation.getParticipantsCount()).toBe(1);
  });

  it('conversation: names, attributes, unique name lookup, delete', async () => {
    const { alice, bob, conversation, bobsConversation } = await pair();
    const updated = firstValueFrom(
      bobsConversation.updated$.pipe(filter((u) => u.updateReasons.includes('uniqueName')))
    );
    await conversation.updateUniqueName('the-unique');
    expect((await updated).updateReasons).toContain('uniqueName');
    expect(bobsConversation.uniqueName).toBe('the-unique');
    expect(await bob.getConversationByUniqueName('the-unique')).toBe(bobsConversation);
    await conversation.updateAttributes({ color: 'blue', n: [1, 2] });
    expect(conversation.attributes).toEqual({ color: 'blue', n: [1, 2] });
    await waitFor(
      () => (bobsConversation.attributes as { color?: string }).color === 'blue',
      'bob sees the attributes'
    );
    expect(await bobsConversation.getAttributes()).toEqual({ color: 'blue', n: [1, 2] });
    await conversation.updateUniqueName(null);
    expect(conversation.uniqueName).toBeNull();
    await expect(alice.getConversationByUniqueName('the-unique')).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(bobsConversation.delete()).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    const gone = firstValueFrom(bob.conversationRemoved$);
    expect(await conversation.delete()).toBe(conversation);
    expect((await gone).sid).toBe(conversation.sid);
    expect(alice.getState().conversations[conversation.sid]).toBeUndefined();
    expect(conversation.friendlyName).toBe('models');
  });

  it('message: updateBody, updateAttributes, remove, getParticipant, with their events and rights', async () => {
    const { bob, conversation, bobsConversation } = await pair();
    await conversation.sendMessage('first', { mood: 'ok' });
    const page = await bobsConversation.getMessages();
    const message = page.items[0];
    expect(message.attributes).toEqual({ mood: 'ok' });
    expect((await message.getParticipant()).identity).toBe('alice');
    await expect(message.updateBody('hijack')).rejects.toMatchObject({ code: ErrorCode.Forbidden });

    const mine = (await conversation.getMessages()).items[0];
    const updated = firstValueFrom(message.updated$.pipe(filter((u) => u.updateReasons.includes('body'))));
    // the command's caller reads the new value at once, before any event is emitted, and a spread
    // copies it too (the message's properties read the store, which already holds it)
    expect((await mine.updateBody('edited')).body).toBe('edited');
    expect({ ...mine }.body).toBe('edited');
    const update = await updated;
    expect(update.updateReasons).toContain('body');
    expect(message.body).toBe('edited');
    expect(((await mine.updateAttributes({ mood: 'great' })).attributes as { mood: string }).mood).toBe('great');
    await waitFor(() => (message.attributes as { mood: string }).mood === 'great', 'attributes on bob');

    const removed = firstValueFrom(bob.messageRemoved$);
    await mine.remove();
    const gone = await removed;
    expect(gone).toBe(message);
    expect(gone.body).toBe('edited');
    expect(selectMessages(conversation.sid)(bob.getState())).toEqual([]);
    expect(await bobsConversation.getMessagesCount()).toBe(0);
  });

  it('read horizon: advance only moves forward, set moves anywhere, unread is null until set', async () => {
    const { conversation, bobsConversation } = await pair();
    for (let i = 0; i < 5; i++) await conversation.sendMessage(`m${i}`);
    await waitFor(() => bobsConversation.lastMessage?.index === 4, 'bob has 5');
    expect(await bobsConversation.getUnreadMessagesCount()).toBeNull();
    expect(await bobsConversation.advanceLastReadMessageIndex(3)).toBe(1);
    expect(await bobsConversation.advanceLastReadMessageIndex(1)).toBe(1);
    expect(bobsConversation.lastReadMessageIndex).toBe(3);
    expect(await bobsConversation.updateLastReadMessageIndex(0)).toBe(4);
    expect(bobsConversation.lastReadMessageIndex).toBe(0);
    expect(await bobsConversation.setAllMessagesUnread()).toBe(5);
    expect(bobsConversation.lastReadMessageIndex).toBeNull();
    expect(await bobsConversation.getUnreadMessagesCount()).toBeNull();
    expect(await bobsConversation.setAllMessagesRead()).toBe(0);
    expect(bobsConversation.lastReadMessageIndex).toBe(4);
    expect(bobsConversation.unreadCount).toBe(0);
  });

  it('participant: updateAttributes with updated events, remove, getUser', async () => {
    const { alice, conversation, bobsConversation } = await pair();
    const bobSelf = await bobsConversation.getParticipantByIdentity('bob');
    const seenByAlice = await conversation.getParticipantByIdentity('bob');
    const updated = firstValueFrom(seenByAlice.updated$.pipe(filter((u) => u.updateReasons.includes('attributes'))));
    await bobSelf.updateAttributes({ role: 'guest' });
    expect((await updated).updateReasons).toContain('attributes');
    expect(seenByAlice.attributes).toEqual({ role: 'guest' });
    await expect(
      (await bobsConversation.getParticipantByIdentity('alice')).updateAttributes({ x: 1 })
    ).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    const user = await seenByAlice.getUser();
    expect(user).toBeInstanceOf(User);
    expect(user.identity).toBe('bob');
    expect(user).toBe(await alice.getUser('bob'));
    const left = firstValueFrom(conversation.participantLeft$);
    await seenByAlice.remove();
    expect(await left).toBe(seenByAlice);
    expect(seenByAlice.identity).toBe('bob');
  });

  it('user: profile updates, own only; typing on every keystroke sends once per timeout', async () => {
    const { alice, bob, conversation, bobsConversation } = await pair();
    await alice.user.updateAttributes({ title: 'lead' });
    expect(alice.user.attributes).toEqual({ title: 'lead' });
    const bobOnAlice = await alice.getUser('bob');
    await expect(bobOnAlice.updateFriendlyName('x')).rejects.toBeInstanceOf(ConversationsError);

    const sent: string[] = [];
    const typist = await world.client('bob', { WebSocket: countingSocket(sent) });
    const typing = typist.conversation(conversation.sid);
    let started = 0;
    conversation.typingStarted$.subscribe(() => started++);
    for (let i = 0; i < 20; i++) await typing.typing();
    await waitFor(() => started === 1, 'one typing start');
    expect(commandsSent(sent).filter((command) => command === 'typing')).toEqual(['typing']);
    expect(bob.user.identity).toBe('bob');
    void bobsConversation;
  });

  it('lists subscribed conversations in pages, newest activity first', async () => {
    const alice = await world.client('alice');
    // activity is kept to the millisecond (ties go by sid): one conversation a millisecond or more
    for (let i = 0; i < 105; i++) {
      await alice.createConversation({ friendlyName: `c${i}` });
      const at = Date.now();
      await waitFor(() => Date.now() > at, 'the next millisecond');
    }
    const first = await alice.getSubscribedConversations();
    expect(first.items).toHaveLength(100);
    expect(first.items[0].friendlyName).toBe('c104');
    expect(first.hasNextPage).toBe(true);
    const second = await first.nextPage();
    expect(second.items.map((c) => c.friendlyName)).toEqual(['c4', 'c3', 'c2', 'c1', 'c0']);
    expect(second.hasNextPage).toBe(false);
    expect((await second.prevPage()).items[0]).toBe(first.items[0]);
  });
});

import { expect } from '@jest/globals';
import { firstValueFrom, filter } from 'rxjs';
import { Client, Conversation, ErrorCode, Message, Participant, User } from '../../lib/client';
import { commandsSent, countingSocket } from '../helpers/counting-socket';
import { VirtualTime } from '../helpers/virtual-time';
import { waitFor } from '../helpers/wait';
import { clientWorld, type ClientWorld } from './world';

/** The reference members of Conversation, Participant and Message not exercised elsewhere. */
describe('the rest of the reference surface, against the real server', () => {
  let world: ClientWorld;
  beforeEach(async () => {
    world = await clientWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it('Conversation: field updates, updated events, counts, horizons, notification level, leave, delete', async () => {
    const alice = await world.client('alice');
    const bob = await world.client('bob');
    expect(Client.conversationUpdated).toBe('conversationUpdated');
    expect([Conversation.messageAdded, Participant.typingStarted, User.userSubscribed, Message.updated]).toEqual([
      'messageAdded',
      'typingStarted',
      'userSubscribed',
      'updated'
    ]);
    expect(typeof Client.version).toBe('string');
    const conversation = await alice.createConversation({ friendlyName: 'a', uniqueName: 'u1' });
    expect(conversation.createdBy).toBe('alice');
    expect(conversation.dateCreated).toBeInstanceOf(Date);
    expect(conversation.dateUpdated).toBeInstanceOf(Date);
    expect(await alice.getConversationByUniqueName('u1')).toBe(conversation);
    const reasons: string[] = [];
    conversation.updated$.subscribe((args) => reasons.push(...args.updateReasons));
    const clientSaw = firstValueFrom(
      alice.conversationUpdated$.pipe(filter((a) => a.updateReasons.includes('friendlyName')))
    );
    await conversation.updateFriendlyName('b');
    expect((await clientSaw).conversation).toBe(conversation);
    await conversation.updateUniqueName('u2');
    await conversation.updateAttributes({ k: 1 });
    expect(await conversation.getAttributes()).toEqual({ k: 1 });
    await waitFor(() => reasons.includes('uniqueName') && reasons.includes('attributes'), 'the update reasons');
    expect(conversation).toMatchObject({ friendlyName: 'b', uniqueName: 'u2' });
    await conversation.updateUniqueName(null);
    await waitFor(() => conversation.uniqueName === null, 'the unique name cleared');

    const joined = firstValueFrom(conversation.participantJoined$);
    const bobJoined = firstValueFrom(bob.conversationJoined$);
    await conversation.add('bob', { role: 'x' });
    expect((await joined).identity).toBe('bob');
    const bobs = await bobJoined;
    await conversation.sendMessage('1');
    await conversation.sendMessage('2');
    await conversation.sendMessage('3');
    expect(await conversation.getMessagesCount()).toBe(3);
    expect(await conversation.getParticipantsCount()).toBe(2);
    await waitFor(() => bobs.lastMessage?.index === 2, 'bob sees the last message');
    expect(await bobs.advanceLastReadMessageIndex(1)).toBe(1);
    expect(await bobs.advanceLastReadMessageIndex(0)).toBe(1);
    const bobSeen = await conversation.getParticipantByIdentity('bob');
    await waitFor(() => bobSeen.lastReadTimestamp instanceof Date, "bob's read time");
    expect(bobs.lastReadMessageIndex).toBe(1);
    expect(await bobs.getUnreadMessagesCount()).toBe(1);
    expect(await bobs.setAllMessagesUnread()).toBe(3);
    expect(await bobs.getUnreadMessagesCount()).toBeNull();
    await bobs.setUserNotificationLevel('muted');
    await waitFor(() => bobs.notificationLevel === 'muted', 'muted');
    await expect(bobs.setUserNotificationLevel('loud' as 'muted')).rejects.toMatchObject({
      code: ErrorCode.BadRequest
    });
    expect(bobs.state?.current).toBe('active');

    const bobByIdentity = await conversation.getParticipantByIdentity('bob');
    expect(await conversation.getParticipantBySid(bobByIdentity.sid)).toBe(bobByIdentity);
    await expect(conversation.getParticipantByIdentity('nobody')).rejects.toMatchObject({ code: ErrorCode.NotFound });

    const left = firstValueFrom(bob.conversationLeft$);
    const removed = firstValueFrom(bobs.removed$);
    const participantLeft = firstValueFrom(conversation.participantLeft$);
    await bobs.leave();
    expect(await left).toBe(bobs);
    expect(await removed).toBe(bobs);
    expect((await participantLeft).identity).toBe('bob');
    expect(bobs.status).toBe('notParticipating');

    const gone = firstValueFrom(alice.conversationRemoved$);
    await conversation.delete();
    expect(await gone).toBe(conversation);
  });

  it('Participant and Message: updates, removal, getUser, getParticipant, updated events', async () => {
    const alice = await world.client('alice');
    const bob = await world.client('bob');
    const conversation = await alice.createConversation();
    const bobJoined = firstValueFrom(bob.conversationJoined$);
    await conversation.add('bob');
    await bobJoined;
    const bobP = await conversation.getParticipantByIdentity('bob');
    expect(bobP).toBeInstanceOf(Participant);
    const updated = firstValueFrom(bobP.updated$.pipe(filter((u) => u.updateReasons.includes('attributes'))));
    const clientUpdated = firstValueFrom(
      alice.participantUpdated$.pipe(filter((u) => u.updateReasons.includes('attributes')))
    );
    await bobP.updateAttributes({ nick: 'b' });
    expect((await updated).updateReasons).toContain('attributes');
    expect((await clientUpdated).participant).toBe(bobP);
    expect(bobP.attributes).toEqual({ nick: 'b' });
    expect(bobP.roleSid).toBe('user');
    expect(bobP.dateCreated).toBeInstanceOf(Date);
    expect(bobP.dateUpdated).toBeInstanceOf(Date);
    expect(bobP.conversation).toBe(conversation);
    const user = await bobP.getUser();
    expect(user).toBeInstanceOf(User);
    expect(user.identity).toBe('bob');

    await conversation.sendMessage('typo', { a: 1 });
    const [message] = (await conversation.getMessages()).items;
    expect(await message.getParticipant()).toBe(await conversation.getParticipantByIdentity('alice'));
    const messageUpdated = firstValueFrom(message.updated$.pipe(filter((u) => u.updateReasons.includes('body'))));
    await message.updateBody('fixed');
    expect((await messageUpdated).updateReasons).toContain('body');
    await message.updateAttributes({ a: 2 });
    await waitFor(() => (message.attributes as { a: number }).a === 2, 'the attributes');
    expect(message.dateUpdated).toBeInstanceOf(Date);
    expect(message).toMatchObject({
      body: 'fixed',
      lastUpdatedBy: 'alice',
      type: 'text',
      participantSid: expect.stringMatching(/^MB/)
    });
    const messageRemoved = firstValueFrom(conversation.messageRemoved$);
    await message.remove();
    expect((await messageRemoved).sid).toBe(message.sid);

    const left = firstValueFrom(alice.participantLeft$);
    await bobP.remove();
    expect(await left).toBe(bobP);
    await conversation.add('bob');
    await conversation.removeParticipant('bob');
    await expect(conversation.removeParticipant('')).rejects.toMatchObject({ code: ErrorCode.BadRequest });
  });

  it('Client: stateChanged with initialized, and connectionError when the server cannot be reached', async () => {
    const early = await world.rawClient('alice');
    const state = firstValueFrom(early.stateChanged$);
    expect(await state).toBe('initialized');
    const lost = new Client(await world.server.issueToken('bob'), {
      url: 'ws://127.0.0.1:1/v1/ws',
      connectTimeoutMs: 200
    });
    try {
      const error = await firstValueFrom(lost.connectionError$);
      expect(error).toMatchObject({ terminal: false, message: expect.any(String) });
    } finally {
      await lost.shutdown();
    }
  });

  it('typingIndicatorTimeoutOverride sets the typing throttle', async () => {
    const time = new VirtualTime();
    const sent: string[] = [];
    const alice = await world.client('alice', {
      typingIndicatorTimeoutOverride: 1500,
      scheduler: time,
      WebSocket: countingSocket(sent)
    });
    const bob = await world.client('bob');
    const conversation = await alice.createConversation();
    const joined = firstValueFrom(bob.conversationJoined$);
    await conversation.add('bob');
    await joined;
    let started = 0;
    bob.typingStarted$.subscribe(() => started++);
    const ended = firstValueFrom(bob.typingEnded$);
    const typed = () => commandsSent(sent).filter((command) => command === 'typing').length;
    await conversation.typing();
    await waitFor(() => started === 1, 'the first signal');
    await conversation.sendMessage('ends typing');
    await ended;
    time.advance(1499);
    await conversation.typing();
    expect(typed()).toBe(1);
    time.advance(1);
    await conversation.typing();
    expect(typed()).toBe(2);
    await waitFor(() => started === 2, 'a second signal once the override passed');
  });
});

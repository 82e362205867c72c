import { firstValueFrom, filter } from 'rxjs';
import { ConversationsError, ErrorCode, User, type UserUpdatedEventArgs } from '../../lib/client';
import { waitFor } from '../helpers/wait';
import { clientWorld, type ClientWorld } from './world';

describe('users and reachability', () => {
  let world: ClientWorld;
  afterEach(async () => {
    await world.close();
  });

  it("keeps another user's isOnline live as they go offline and come back, with reachability reasons", async () => {
    world = await clientWorld();
    const alice = await world.client('alice');
    expect(alice.reachabilityEnabled).toBe(true);
    let bob = await world.client('bob');
    const subscribed = firstValueFrom(alice.userSubscribed$);
    const bobUser = await alice.getUser('bob');
    expect(await subscribed).toBe(bobUser);
    expect(bobUser).toBeInstanceOf(User);
    expect(bobUser).toMatchObject({ identity: 'bob', isOnline: true, isNotifiable: false, isSubscribed: true });
    expect(await alice.getUser('bob')).toBe(bobUser);

    const updates: UserUpdatedEventArgs[] = [];
    bobUser.updated$.subscribe((args) => updates.push(args));
    const offline = firstValueFrom(
      alice.userUpdated$.pipe(filter((args) => args.user === bobUser && bobUser.isOnline === false))
    );
    await bob.shutdown();
    expect((await offline).updateReasons).toEqual(['reachabilityOnline']);

    bob = await world.client('bob');
    await waitFor(() => bobUser.isOnline === true, 'bob back online');
    await bob.setPushRegistrationId('fcm', 'token');
    await waitFor(() => bobUser.isNotifiable === true, 'bob notifiable');
    await bob.user.updateFriendlyName('Bobby');
    await waitFor(() => bobUser.friendlyName === 'Bobby', 'the new name');
    await bob.user.updateAttributes({ team: 'x' });
    await waitFor(() => (bobUser.attributes as { team?: string }).team === 'x', 'the new attributes');
    const reasons = updates.map((u) => u.updateReasons).flat();
    expect(reasons).toEqual([
      'reachabilityOnline',
      'reachabilityOnline',
      'reachabilityNotifiable',
      'friendlyName',
      'attributes'
    ]);
    expect((await alice.getSubscribedUsers()).map((u) => u.identity).sort()).toEqual(['alice', 'bob']);
  });

  it('unsubscribes on request and past the cap (oldest first); an unsubscribed user cannot be modified', async () => {
    world = await clientWorld();
    const alice = await world.client('alice', { userInfosToSubscribeOverride: 2 });
    const gone: string[] = [];
    alice.userUnsubscribed$.subscribe((user) => gone.push(user.identity));
    const carol = await alice.getUser('carol');
    await alice.getUser('dave');
    await alice.getUser('erin');
    await waitFor(() => gone.length === 1, 'the oldest to be unsubscribed');
    expect(gone).toEqual(['carol']);
    expect(carol.isSubscribed).toBe(false);
    expect((await alice.getSubscribedUsers()).map((u) => u.identity).sort()).toEqual(['alice', 'dave', 'erin']);
    const erin = await alice.getUser('erin');
    const unsubscribed = firstValueFrom(erin.userUnsubscribed$);
    await erin.unsubscribe();
    expect(await unsubscribed).toBe(erin);
    await expect(erin.updateFriendlyName('x')).rejects.toMatchObject({
      code: ErrorCode.Conflict,
      message: "Can't modify unsubscribed object"
    });
    await expect(alice.user.unsubscribe()).resolves.toBeUndefined();
    expect(alice.user.isSubscribed).toBe(true);
    await expect(alice.getUser('')).rejects.toMatchObject({ code: ErrorCode.BadRequest });
  });

  it('with reachability off on the server, isOnline and isNotifiable are null, reachabilityEnabled false', async () => {
    world = await clientWorld({ reachabilityEnabled: false });
    const early = await world.rawClient('alice');
    expect(() => early.reachabilityEnabled).toThrow(ConversationsError);
    await firstValueFrom(early.initialized$);
    expect(early.reachabilityEnabled).toBe(false);
    await world.client('bob');
    const bob = await early.getUser('bob');
    expect(bob.isOnline).toBeNull();
    expect(bob.isNotifiable).toBeNull();
  });

  it('peeks a public conversation without joining it; a private one is not found', async () => {
    world = await clientWorld();
    const alice = await world.client('alice');
    const bob = await world.client('bob');
    const open = await alice.createConversation({ friendlyName: 'town square', isPrivate: false });
    const closed = await alice.createConversation({ friendlyName: 'secret' });
    const peeked = await bob.peekConversationBySid(open.sid);
    expect(peeked.friendlyName).toBe('town square');
    expect(peeked.status).toBe('notParticipating');
    await expect(bob.peekConversationBySid(closed.sid)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(bob.peekConversationBySid('')).rejects.toMatchObject({ code: ErrorCode.BadRequest });
    expect(await bob.getConversationBySid(open.sid)).toBe(peeked);
    await peeked.join();
    await waitFor(() => peeked.status === 'joined', 'bob to join');
  });
});

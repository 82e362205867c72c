import { ErrorCode } from '../../../lib/protocol';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

describe('users', () => {
  it('subscribeUsers answers current state; reachability changes arrive as userUpdated', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const { items } = await alice.call('subscribeUsers', { identities: ['bob', 'alice'] });
    expect(items).toEqual([
      { identity: 'bob', friendlyName: null, attributes: {}, isOnline: false, isNotifiable: false },
      { identity: 'alice', friendlyName: null, attributes: {}, isOnline: true, isNotifiable: false }
    ]);
    const bob = await connect('bob');
    const online = await alice.waitEvent(
      'userUpdated',
      (e) => e.data.user.identity === 'bob' && e.data.user.isOnline === true
    );
    expect(online.seq).toBeUndefined();
    await bob.close();
    await alice.waitEvent('userUpdated', (e) => e.data.user.identity === 'bob' && e.data.user.isOnline === false);
  });

  it('updateUser changes the own profile and tells subscribers; unsubscribeUsers stops that', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const bob = await connect('bob');
    const carol = await connect('carol');
    await alice.call('subscribeUsers', { identities: ['bob', 'carol'] });
    const me = await bob.call('updateUser', { friendlyName: 'Bob', attributes: { title: 'eng' } });
    expect(me).toMatchObject({ identity: 'bob', friendlyName: 'Bob', attributes: { title: 'eng' }, isOnline: true });
    expect(
      (await alice.waitEvent('userUpdated', (e) => e.data.user.friendlyName === 'Bob')).data.user.attributes
    ).toEqual({ title: 'eng' });
    await alice.call('unsubscribeUsers', { identities: ['bob'] });
    await bob.call('updateUser', { friendlyName: 'Robert' });
    // a later update alice still follows: had bob's reached her, it would have come before it
    await carol.call('updateUser', { friendlyName: 'Carol' });
    await alice.waitEvent('userUpdated', (e) => e.data.user.friendlyName === 'Carol');
    expect(alice.named('userUpdated').some((e) => e.data.user.friendlyName === 'Robert')).toBe(false);
  });

  it('push registrations make a user notifiable', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    await alice.call('subscribeUsers', { identities: ['alice'] });
    expect(await alice.call('setPushRegistration', { channelType: 'fcm', registrationId: 'device-1' })).toEqual({});
    await alice.waitEvent('userUpdated', (e) => e.data.user.isNotifiable === true);
    await alice.call('removePushRegistration', { channelType: 'fcm' });
    await alice.waitEvent('userUpdated', (e) => e.data.user.isNotifiable === false);
  });

  it('with reachability disabled, isOnline and isNotifiable are null', async () => {
    const { connect } = await world({ reachabilityEnabled: false });
    const alice = await connect('alice');
    expect(alice.welcome?.reachabilityEnabled).toBe(false);
    const { items } = await alice.call('subscribeUsers', { identities: ['alice'] });
    expect(items[0]).toMatchObject({ isOnline: null, isNotifiable: null });
  });

  it('getContentTemplates answers the (empty) template list; getMediaUrls: NotFound for an unknown media', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    expect(await alice.call('getContentTemplates', {})).toEqual({ items: [] });
    expect(await alice.fail('getMediaUrls', { mediaSids: ['ME1'] })).toMatchObject({
      code: ErrorCode.NotFound,
      path: 'args.mediaSids.0'
    });
  });
});

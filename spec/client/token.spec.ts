import { Client, ErrorCode } from '../../lib/client';
import { VirtualTime } from '../helpers/virtual-time';
import { waitFor } from '../helpers/wait';
import { clientWorld, type ClientWorld } from './world';
import { decodeJwt } from 'jose';

describe('token lifecycle', () => {
  let world: ClientWorld;
  beforeEach(async () => {
    world = await clientWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it('fires tokenAboutToExpire and tokenExpired on time, in virtual time', async () => {
    const time = new VirtualTime();
    const token = await world.server.issueToken('alice', { ttlSeconds: 200 });
    // heartbeats run on the same clock: the link is not taken as dead while the test jumps ahead
    const client = await Client.create(token, {
      tokenAboutToExpireMs: 180000,
      heartbeatTimeoutMs: 10_000_000,
      scheduler: time
    });
    const exp = Number(decodeJwt(token).exp) * 1000;
    const heard: Array<[string, number]> = [];
    client.tokenAboutToExpire$.subscribe(() => heard.push(['aboutToExpire', time.now()]));
    client.tokenExpired$.subscribe(() => heard.push(['expired', time.now()]));
    time.advance(exp - 180000 - 1 - time.now());
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toEqual([]);
    time.advance(1);
    await waitFor(() => heard.length === 1, 'tokenAboutToExpire');
    expect(heard).toEqual([['aboutToExpire', exp - 180000]]);
    time.advance(exp - time.now());
    await waitFor(() => heard.length === 2, 'tokenExpired');
    expect(heard[1]).toEqual(['expired', exp]);
    await client.shutdown();
  });

  it('updateToken keeps the session: no reconnect, no lost state', async () => {
    const old = await world.server.issueToken('alice', { ttlSeconds: 3 });
    const oldExpiry = Number(decodeJwt(old).exp) * 1000;
    const client = await Client.create(old, { tokenAboutToExpireMs: 1500 });
    const states: string[] = [];
    client.connectionStateChanged$.subscribe((s) => states.push(s));
    // the renewal, as soon as the client is up (a loaded machine must not let the old token lapse first)
    await client.updateToken(await world.server.issueToken('alice', { ttlSeconds: 3600 }));
    const conversation = await client.createConversation({ friendlyName: 'kept' });
    // the server ends a session when its token expires: the old token's expiry must pass, on the server's clock
    await waitFor(() => Date.now() > oldExpiry + 500, 'the old token’s expiry', 10000);
    expect(await conversation.sendMessage('after the old expiry')).toBe(0);
    expect(client.connectionState).toBe('connected');
    expect(states).toEqual([]);
    expect(await conversation.sendMessage('still here')).toBe(1);
    expect(client.getState().conversations[conversation.sid].data.friendlyName).toBe('kept');
    await client.shutdown();
  });

  it('refuses a token for another identity', async () => {
    const client = await Client.create(await world.server.issueToken('alice'));
    await expect(client.updateToken(await world.server.issueToken('bob'))).rejects.toMatchObject({
      code: ErrorCode.TokenInvalid
    });
    await client.shutdown();
  });

  it('recovers from denied when given a new token', async () => {
    // denied whichever comes first on a loaded machine: the server ends the session when the token
    // expires, or refuses the handshake if it expired before the client got there
    const client = new Client(await world.server.issueToken('alice', { ttlSeconds: 1 }));
    await waitFor(() => client.connectionState === 'denied', 'denied', 15000);
    await client.updateToken(await world.server.issueToken('alice'));
    await waitFor(() => client.connectionState === 'connected', 'connected again', 15000);
    await client.createConversation();
    await client.shutdown();
  });
});

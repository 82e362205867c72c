import { firstValueFrom } from 'rxjs';
import { Client, ErrorCode } from '../../lib/client';
import { waitFor, sleep } from '../helpers/wait';
import { clientWorld, type ClientWorld } from './world';

describe('token lifecycle', () => {
  let world: ClientWorld;
  beforeEach(async () => {
    world = await clientWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it('fires tokenAboutToExpire and tokenExpired on time, and an expired token ends in denied', async () => {
    const issuedAt = Date.now();
    const token = await world.server.issueToken('alice', { ttlSeconds: 3 });
    const client = await Client.create(token, { tokenAboutToExpireMs: 2000 });
    const exp = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp * 1000;
    await firstValueFrom(client.tokenAboutToExpire$);
    const warnedAt = Date.now();
    expect(Math.abs(warnedAt - (exp - 2000))).toBeLessThan(300);
    await firstValueFrom(client.tokenExpired$);
    expect(Math.abs(Date.now() - exp)).toBeLessThan(300);
    await waitFor(() => client.connectionState === 'denied', 'denied', 5000);
    expect(Date.now() - issuedAt).toBeLessThan(8000);
    await client.shutdown();
  });

  it('updateToken keeps the session: no reconnect, no lost state', async () => {
    const client = await Client.create(await world.server.issueToken('alice', { ttlSeconds: 2 }), { tokenAboutToExpireMs: 1500 });
    const conversation = await client.createConversation({ friendlyName: 'kept' });
    const states: string[] = [];
    client.connectionStateChanged$.subscribe((s) => states.push(s));
    await firstValueFrom(client.tokenAboutToExpire$);
    await client.updateToken(await world.server.issueToken('alice', { ttlSeconds: 3600 }));
    await sleep(2500);
    expect(client.connectionState).toBe('connected');
    expect(states).toEqual([]);
    expect(await conversation.sendMessage('still here')).toBe(0);
    expect(client.getState().conversations[conversation.sid].data.friendlyName).toBe('kept');
    await client.shutdown();
  });

  it('refuses a token for another identity', async () => {
    const client = await Client.create(await world.server.issueToken('alice'));
    await expect(client.updateToken(await world.server.issueToken('bob'))).rejects.toMatchObject({ code: ErrorCode.TokenInvalid });
    await client.shutdown();
  });

  it('recovers from denied when given a new token', async () => {
    const client = await Client.create(await world.server.issueToken('alice', { ttlSeconds: 1 }));
    await waitFor(() => client.connectionState === 'denied', 'denied', 5000);
    await client.updateToken(await world.server.issueToken('alice'));
    await waitFor(() => client.connectionState === 'connected', 'connected again', 5000);
    await client.createConversation();
    await client.shutdown();
  });
});

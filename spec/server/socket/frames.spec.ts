import { expect } from '@jest/globals';
import { CloseCode, ErrorCode, LIMITS } from '../../../lib/protocol';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

async function twoClients(options = {}) {
  const { connect } = await world(options);
  const alice = await connect('alice');
  const bob = await connect('bob');
  const { conversation } = await alice.call('createConversation', {});
  await alice.call('addParticipant', { conversationSid: conversation.sid, identity: 'bob' });
  return { alice, bob, sid: conversation.sid };
}

const lastError = async (client: import('../helpers/client').TestClient, count: number) => {
  await client.waitFrame(() => client.frames.filter((f) => f.type === 'reply' && f.error).length >= count);
  return client.frames.filter((f) => f.type === 'reply' && f.error).at(-1)!;
};

describe('bad frames', () => {
  it('answers malformed, unknown, binary and oversized frames with errors; another client carries on', async () => {
    const { alice, bob, sid } = await twoClients();
    alice.sendRaw('{not json');
    expect(await lastError(alice, 1)).toMatchObject({
      id: 0,
      error: { code: ErrorCode.BadRequest, message: expect.stringMatching(/JSON/) }
    });
    alice.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await lastError(alice, 2)).error).toMatchObject({
      code: ErrorCode.BadRequest,
      message: expect.stringMatching(/Binary/)
    });
    alice.sendRaw({ type: 'shout' });
    expect((await lastError(alice, 3)).error).toMatchObject({ code: ErrorCode.BadRequest, path: 'type' });
    alice.sendRaw({ type: 'request', command: 'typing', args: {} });
    expect((await lastError(alice, 4)).error).toMatchObject({ code: ErrorCode.BadRequest, path: 'id' });
    expect(await alice.fail('teleport', {})).toMatchObject({ code: ErrorCode.UnknownCommand, path: 'command' });
    expect(await alice.fail('sendMessage', { conversationSid: sid, key: 7 })).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.key'
    });
    expect(await alice.fail('sendMessage', 'nope')).toMatchObject({ code: ErrorCode.BadRequest });
    const huge = await alice.request('sendMessage', {
      conversationSid: sid,
      key: 'big',
      body: 'x'.repeat(LIMITS.maxBodyBytes + 1)
    });
    expect(huge.error).toMatchObject({ code: ErrorCode.BadRequest, path: 'args.body' });

    // meanwhile bob sends and alice still receives: nothing was changed by the bad frames
    await bob.call('sendMessage', { conversationSid: sid, key: 'fine', body: 'still here' });
    await alice.waitEvent('messageAdded', (e) => e.data.message.body === 'still here');
    expect((await alice.call('getMessagesCount', { conversationSid: sid })).count).toBe(1);
  });

  it('treats missing args as an empty object (and refuses args: null)', async () => {
    const { alice } = await twoClients();
    alice.sendRaw({ type: 'request', id: 42, command: 'listMyConversations' });
    const reply = await alice.waitFrame((f) => f.id === 42);
    expect((reply.result as { items: unknown[] }).items).toHaveLength(1);
    alice.sendRaw({ type: 'request', id: 43, command: 'listMyConversations', args: null });
    expect((await alice.waitFrame((f) => f.id === 43)).error).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args'
    });
  });

  it('closes with 1009 on a frame over the frame limit; others carry on', async () => {
    const { alice, bob, sid } = await twoClients();
    alice.sendRaw('x'.repeat(LIMITS.maxFrameBytes + 1));
    expect((await alice.closed).code).toBe(CloseCode.TooLarge);
    await bob.call('sendMessage', { conversationSid: sid, key: 'k', body: 'ok' });
  });

  it('closes a client that keeps sending garbage, with a close frame first', async () => {
    const { alice, bob, sid } = await twoClients({ maxBadFrames: 20 });
    for (let i = 0; i < 20; i++) alice.sendRaw('garbage');
    const { code } = await alice.closed;
    expect(code).toBe(CloseCode.ProtocolError);
    expect(alice.frames.filter((f) => f.type === 'reply' && f.error)).toHaveLength(20);
    expect(alice.frames.at(-1)).toMatchObject({ type: 'close', error: { code: ErrorCode.BadRequest } });
    await bob.call('sendMessage', { conversationSid: sid, key: 'k', body: 'ok' });
  });

  it('a good request resets the count of bad frames', async () => {
    const { alice } = await twoClients({ maxBadFrames: 3 });
    for (let round = 0; round < 3; round++) {
      alice.sendRaw('bad');
      alice.sendRaw('bad');
      await alice.call('listMyConversations');
    }
    expect(alice.ws.readyState).toBe(alice.ws.OPEN);
  });

  it('refuses requests past maxPendingRequests with RateLimited, and answers the rest', async () => {
    const { alice } = await twoClients({ maxPendingRequests: 5 });
    const replies = await Promise.all(Array.from({ length: 20 }, () => alice.request('listMyConversations')));
    const limited = replies.filter((r) => r.error?.code === ErrorCode.RateLimited);
    expect(limited.length).toBeGreaterThan(0);
    expect(replies.filter((r) => r.result).length).toBeGreaterThanOrEqual(5);
  });
});

describe('slow consumers', () => {
  it('closes a socket that does not read, and keeps serving the others', async () => {
    const { alice, bob, sid } = await twoClients({ maxBufferedBytes: 64 * 1024 });
    await bob.waitEvent('participantJoined');
    const socket = (bob.ws as unknown as { _socket: import('node:net').Socket })._socket;
    socket.pause();
    const body = 'x'.repeat(30 * 1024);
    for (let i = 0; i < 150; i++) await alice.call('sendMessage', { conversationSid: sid, key: `k${i}`, body });
    socket.resume();
    const { code } = await bob.closed;
    expect([CloseCode.SlowConsumer, 1006]).toContain(code);
    const close = bob.frames.find((f) => f.type === 'close');
    if (close) expect(close.error?.code).toBe(ErrorCode.RateLimited);
    await alice.call('sendMessage', { conversationSid: sid, key: 'after', body: 'ok' });
  }, 20000);
});

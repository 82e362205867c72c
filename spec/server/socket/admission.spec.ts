import { expect } from '@jest/globals';
import WebSocket from 'ws';
import { CloseCode, ErrorCode, LIMITS, PROTOCOL_VERSION } from '../../../lib/protocol';
import { TestClient, openSocket } from '../helpers/client';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

/** `[[[…]]]` nested `depth` levels, inside a request frame whose id is 7. */
const deepRequest = (depth: number) =>
  `{"type":"request","id":7,"command":"typing","args":${'['.repeat(depth)}${']'.repeat(depth)}}`;

/** A raw socket whose first frame is `data`; answers the frames it got and how it closed. */
async function firstFrame(url: string, data: string) {
  const client = new TestClient(await openSocket(url));
  client.sendRaw(data);
  const { code } = await client.closed;
  return { code, frames: client.frames };
}

describe('a bad handshake gets one answer: denied, with the reason, and close', () => {
  it.each([
    ['a protocol that is not a number', { protocol: '1', token: 'x' }, 'protocol'],
    ['no token', { protocol: PROTOCOL_VERSION }, 'token'],
    ['a token that is not a string', { protocol: PROTOCOL_VERSION, token: 42 }, 'token'],
    ['a bad resume', { protocol: PROTOCOL_VERSION, token: 'x', resume: { position: -1 } }, 'resume']
  ])('%s', async (_, fields, path) => {
    const { server } = await world();
    const { code, frames } = await firstFrame(server.url, JSON.stringify({ type: 'handshake', ...fields }));
    expect(code).toBe(CloseCode.Denied);
    expect(frames).toEqual([
      {
        type: 'denied',
        error: expect.objectContaining({ code: ErrorCode.BadRequest, path: expect.stringContaining(path) })
      }
    ]);
  });
});

describe('work before admission', () => {
  it('refuses a first frame over maxHandshakeBytes unparsed: denied (TooLarge) and closed', async () => {
    const { server } = await world();
    const token = await server.issueToken('alice');
    const padded = JSON.stringify({
      type: 'handshake',
      protocol: PROTOCOL_VERSION,
      token,
      pad: 'p'.repeat(LIMITS.maxHandshakeBytes)
    });
    const { code, frames } = await firstFrame(server.url, padded);
    expect(code).toBe(CloseCode.Denied);
    expect(frames).toEqual([{ type: 'denied', error: expect.objectContaining({ code: ErrorCode.TooLarge }) }]);
  });

  it('closes a connection that sends a few bad frames before its handshake', async () => {
    const { server } = await world();
    const client = new TestClient(await openSocket(server.url));
    for (let i = 0; i < 10; i++)
      client.sendRaw({ type: 'request', id: i + 1, command: 'listMyConversations', args: {} });
    expect((await client.closed).code).toBe(CloseCode.ProtocolError);
    expect(client.frames.filter((f) => f.error?.code === ErrorCode.HandshakeRequired)).toHaveLength(3);
  });

  it('closes a connection on a frame over maxFrameBytes (1009), keeping none of it; others carry on', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const bob = await connect('bob');
    alice.sendRaw(
      JSON.stringify({ type: 'request', id: 1, command: 'typing', args: { pad: 'p'.repeat(LIMITS.maxFrameBytes) } })
    );
    expect((await alice.closed).code).toBe(CloseCode.TooLarge);
    expect(alice.frames.filter((f) => f.type === 'reply')).toEqual([]);
    expect(await bob.call('listMyConversations')).toEqual({ items: [], nextCursor: null });
  });

  it('refuses frames nested deeper than maxFrameDepth without parsing them, and closes after a few', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    // at the limit: parsed, and refused by the command's codec
    alice.sendRaw(deepRequest(LIMITS.maxFrameDepth - 1));
    expect((await alice.waitFrame((f) => f.id === 7)).error).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args'
    });
    // deeper: refused unparsed (so with id 0), even deep inside a string-free megabyte-class frame
    for (const depth of [LIMITS.maxFrameDepth, 100_000]) alice.sendRaw(deepRequest(depth));
    await alice.waitFrame(
      () => alice.frames.filter((f) => f.id === 0 && f.error?.code === ErrorCode.TooLarge).length === 2
    );
    expect(alice.ws.readyState).toBe(WebSocket.OPEN);
    alice.sendRaw(deepRequest(1000));
    expect((await alice.closed).code).toBe(CloseCode.TooLarge);
  });

  it('does not count brackets inside strings as nesting', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const updated = await alice.call('updateUser', {
      friendlyName: '[[[[{{{{'.repeat(30),
      attributes: { s: '\\"[[[['.repeat(200) }
    });
    expect(updated.friendlyName).toBe('[[[[{{{{'.repeat(30));
  });
});

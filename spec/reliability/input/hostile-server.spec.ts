import { expect } from '@jest/globals';
import { Client, type ConnectionErrorInfo, ConversationsError, ErrorCode, selectMessages } from '../../../lib/client';
import { conversation, message, participant, user } from '../../client/store/fixtures';
import { waitFor } from '../../helpers/wait';
import { HostilePeer } from '../helpers/hostile-peer';
import { report } from '../helpers/report';

const SID = 'CH00000000000000000000000000000001';
const event = (seq: number, name: string, data: unknown) => JSON.stringify({ type: 'event', seq, name, data });
const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Frames a hostile or broken server might send, each of which the client must refuse whole. */
const MALFORMED: [string, string | Buffer][] = [
  ['text that is not JSON', '{"type":"event",'],
  ['a binary frame', Buffer.from([1, 2, 3])],
  ['JSON that is not an object', '[1,2,3]'],
  ['an unknown frame type', '{"type":"surprise"}'],
  ['an event with an unknown name', event(5, 'messageExploded', { message: {} })],
  ['an event without its data', JSON.stringify({ type: 'event', seq: 5, name: 'messageAdded' })],
  ['a message with a string index', event(5, 'messageAdded', { message: { ...message(SID, 1), index: '1' } })],
  ['a message with a body of the wrong type', event(5, 'messageAdded', { message: { ...message(SID, 1), body: 42 } })],
  ['a negative seq', event(-5, 'messageAdded', { message: message(SID, 1) })],
  ['a fractional seq', event(5.5, 'messageAdded', { message: message(SID, 1) })],
  [
    'a seq that is a string',
    JSON.stringify({ type: 'event', seq: '5', name: 'messageAdded', data: { message: message(SID, 1) } })
  ],
  ['events that are not an array', JSON.stringify({ type: 'events', events: { 0: {} } })],
  [
    'a batch whose second event is bad (the good first one must not apply either)',
    JSON.stringify({
      type: 'events',
      events: [
        { seq: 5, name: 'messageAdded', data: { message: message(SID, 1) } },
        { seq: 6, name: 'messageAdded', data: {} }
      ]
    })
  ],
  // roles are names (custom roles exist): a role that is not a name of 1 to 64 characters is malformed
  [
    'a participant whose role is not a role name',
    event(5, 'participantJoined', {
      participant: { ...participant(SID, 'eve'), role: '' },
      conversation: conversation(SID)
    })
  ],
  [
    'a conversation update with attributes too deep',
    event(5, 'conversationUpdated', {
      conversation: { ...conversation(SID), attributes: JSON.parse(deep(40)) as unknown }
    })
  ],
  ['a reply with a string id', '{"type":"reply","id":"1","result":{}}'],
  ['a reply whose error is malformed', '{"type":"reply","id":999,"error":{"code":"bad"}}'],
  ['a reply with a position that is not a number', '{"type":"reply","id":999,"result":{},"position":"7"}'],
  ['a second, malformed welcome', '{"type":"welcome","protocol":1}'],
  ['a denied frame without a proper error', '{"type":"denied","error":"go away"}'],
  ['a close frame without a proper error', '{"type":"close","error":{"code":1}}'],
  ['nesting 100,000 deep', deep(100_000)],
  [
    'a 2 MB string where a sid belongs',
    event(5, 'conversationRemoved', { conversationSid: 7, pad: 'x'.repeat(2_000_000) })
  ]
];

describe('bad input: malformed frames from the server side', () => {
  let peer: HostilePeer;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.shutdown();
    await peer.close();
  });

  it('reach the client decoder: each dropped whole, the store unchanged, the error on connectionError$', async () => {
    peer = await HostilePeer.start();
    peer.answer('listMyConversations', () => ({
      result: {
        items: [
          {
            conversation: conversation(SID),
            participant: participant(SID, 'alice'),
            unreadCount: null,
            notificationLevel: 'default'
          }
        ],
        nextCursor: null
      }
    }));
    peer.answer('subscribeUsers', (args) => ({
      result: { items: (args as { identities: string[] }).identities.map((identity) => user(identity)) }
    }));
    peer.answer('listRosters', () => ({
      result: { items: [{ conversationSid: SID, items: [participant(SID, 'alice')] }] }
    }));
    client = await Client.create(await peer.token('alice'));
    const errors: ConnectionErrorInfo[] = [];
    client.connectionError$.subscribe((error) => errors.push(error));
    let unhandled = 0;
    const count = () => unhandled++;
    process.on('unhandledRejection', count);

    peer.send(event(2, 'messageAdded', { message: message(SID, 0) }));
    await waitFor(() => selectMessages(SID)(client!.getState()).length === 1, 'the first message');
    const before = client.getState();

    for (const [i, [what, frame]] of MALFORMED.entries()) {
      peer.send(frame);
      await waitFor(() => errors.length > i, `an error for ${what}`);
      expect([what, errors[i]]).toEqual([
        what,
        expect.objectContaining({
          terminal: false,
          errorCode: ErrorCode.BadRequest,
          message: expect.stringMatching(/Malformed frame/)
        })
      ]);
      expect([what, client.getState() === before]).toEqual([what, true]);
    }

    // a reply whose result does not decode fails its command with a typed error, and surfaces too
    peer.answer('subscribeUsers', () => ({ result: { items: 'not a list' } }));
    const failed = await client.getUser('zed').catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ConversationsError);
    expect(failed).toMatchObject({ code: ErrorCode.Internal, message: expect.stringMatching(/malformed reply/) });
    await waitFor(() => errors.length > MALFORMED.length, 'an error for the malformed reply');
    expect(errors.at(-1)).toMatchObject({
      terminal: false,
      errorCode: ErrorCode.BadRequest,
      message: expect.stringMatching(/subscribeUsers/)
    });
    expect(client.getState().users.zed).toBeUndefined();
    expect(selectMessages(SID)(client.getState())).toEqual(selectMessages(SID)(before));

    // still connected, and a good event still applies
    expect(client.connectionState).toBe('connected');
    peer.send(event(3, 'messageAdded', { message: message(SID, 1) }));
    await waitFor(() => selectMessages(SID)(client!.getState()).length === 2, 'the next message');
    process.off('unhandledRejection', count);
    expect(unhandled).toBe(0);
    report('hostile-server', { malformedFrames: MALFORMED.length + 1, errorsSurfaced: errors.length });
  });
});

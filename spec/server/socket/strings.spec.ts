import { type CommandName, ErrorCode, LIMITS, PROTOCOL_VERSION, commandCodecs } from '../../../lib/protocol';
import { TestClient } from '../helpers/client';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

/** Strings that are not text: a lone high surrogate, a lone low one, a reversed pair, a NUL. */
const NOT_TEXT = ['x\ud800', 'x\udc00y', '\udc00\ud800', 'a\u0000b'];

/** Text that JSON, UTF-8 and SQLite must all carry as it is. */
const TRICKY = [
  '😀👍🏽‍👨‍👩‍👧',
  'e\u0301 ñ ﬁ',
  'שלום عربى',
  '\ufffd \uffff \ufeff',
  '"quoted" \\ \u0001\u001f \n\t',
  '\u{10ffff}\u{1f600}'
];

interface Scene {
  sid: string;
  participantSid: string;
  messageSid: string;
  token: string;
}

/** For each command: valid arguments, and the paths of the string fields in them (dots into arrays). */
function table(s: Scene): Record<CommandName, [Record<string, unknown>, string[]]> {
  const c = { conversationSid: s.sid };
  const m = { ...c, messageSid: s.messageSid };
  return {
    listMyConversations: [{ cursor: 'x' }, ['cursor']],
    getConversation: [{ sid: s.sid, uniqueName: 'u' }, ['sid', 'uniqueName']],
    peekConversation: [{ sid: s.sid }, ['sid']],
    createConversation: [
      { friendlyName: 'f', uniqueName: 'u', attributes: {} },
      ['friendlyName', 'uniqueName', 'attributes']
    ],
    updateConversation: [
      { sid: s.sid, friendlyName: 'f', uniqueName: 'u', attributes: {} },
      ['sid', 'friendlyName', 'uniqueName', 'attributes']
    ],
    deleteConversation: [{ sid: s.sid }, ['sid']],
    listParticipants: [c, ['conversationSid']],
    listRosters: [{ conversationSids: [s.sid] }, ['conversationSids.0']],
    addParticipant: [{ ...c, identity: 'i', attributes: {} }, ['conversationSid', 'identity', 'attributes']],
    joinConversation: [c, ['conversationSid']],
    leaveConversation: [c, ['conversationSid']],
    removeParticipant: [
      { ...c, participantSid: s.participantSid, identity: 'i' },
      ['conversationSid', 'participantSid', 'identity']
    ],
    updateParticipant: [
      { ...c, participantSid: s.participantSid, attributes: {} },
      ['conversationSid', 'participantSid', 'attributes']
    ],
    updateReadHorizon: [{ ...c, mode: 'all' }, ['conversationSid']],
    setNotificationLevel: [{ ...c, level: 'muted' }, ['conversationSid']],
    typing: [c, ['conversationSid']],
    ackDelivery: [{ ...c, index: 0 }, ['conversationSid']],
    sendMessage: [
      {
        ...c,
        key: 'k',
        body: 'b',
        attributes: {},
        mediaSids: ['ME1'],
        contentSid: 'HX1',
        contentVariables: { name: 'v' }
      },
      ['conversationSid', 'key', 'body', 'attributes', 'mediaSids.0', 'contentSid', 'contentVariables.name']
    ],
    updateMessage: [{ ...m, body: 'b', attributes: {} }, ['conversationSid', 'messageSid', 'body', 'attributes']],
    removeMessage: [m, ['conversationSid', 'messageSid']],
    getMessages: [c, ['conversationSid']],
    getMessagesCount: [c, ['conversationSid']],
    subscribeUsers: [{ identities: ['a', 'b'] }, ['identities.1']],
    unsubscribeUsers: [{ identities: ['a', 'b'] }, ['identities.0']],
    updateUser: [{ friendlyName: 'f', attributes: {} }, ['friendlyName', 'attributes']],
    updateToken: [{ token: s.token }, ['token']],
    getMediaUrls: [{ mediaSids: ['ME1'] }, ['mediaSids.0']],
    setPushRegistration: [{ channelType: 'fcm', registrationId: 'r' }, ['registrationId']],
    removePushRegistration: [{ channelType: 'fcm', registrationId: 'r' }, ['registrationId']],
    getContentTemplates: [{}, []],
    getDeliveryReceipts: [m, ['conversationSid', 'messageSid']],
    addReaction: [{ ...m, key: 'k' }, ['conversationSid', 'messageSid', 'key']],
    removeReaction: [{ ...m, key: 'k' }, ['conversationSid', 'messageSid', 'key']],
    searchMessages: [{ ...c, query: 'q' }, ['conversationSid', 'query']]
  };
}

/** A copy of `args` with the string at `path` replaced; in attributes, the bad string goes in a value and in a key. */
function spoil(args: Record<string, unknown>, path: string, bad: string, inKey: boolean): Record<string, unknown> {
  const copy = structuredClone(args);
  if (path === 'attributes') {
    copy.attributes = inKey ? { [bad]: 1 } : { nested: [{ note: bad }] };
    return copy;
  }
  const keys = path.split('.');
  let at = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[keys[keys.length - 1]] = bad;
  return copy;
}

async function scene() {
  const { server, connect } = await world();
  const alice = await connect('alice');
  const { conversation, participant } = await alice.call('createConversation', {});
  const message = await alice.call('sendMessage', { conversationSid: conversation.sid, key: 'k0', body: 'hi' });
  const s: Scene = {
    sid: conversation.sid,
    participantSid: participant.sid,
    messageSid: message.sid,
    token: await server.issueToken('alice')
  };
  return { server, connect, alice, s };
}

describe('strings that stay what they were', () => {
  it('a lone surrogate in a uniqueName cannot break the conversation (regression: writes were Internal)', async () => {
    const { alice, s } = await scene();
    const { conversation: other } = await alice.call('createConversation', {});
    // the form a lone surrogate used to be read back as
    await alice.call('updateConversation', { sid: other.sid, uniqueName: 'x\ufffd\ufffd\ufffd' });
    expect(await alice.fail('updateConversation', { sid: s.sid, uniqueName: 'x\ud800' })).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.uniqueName'
    });
    await alice.call('sendMessage', { conversationSid: s.sid, key: 'after', body: 'still works' });
    await alice.call('addParticipant', { conversationSid: s.sid, identity: 'bob' });
    await alice.call('updateConversation', { sid: s.sid, friendlyName: 'renamed' });
    expect((await alice.call('getConversation', { sid: s.sid })).conversation).toMatchObject({
      uniqueName: null,
      friendlyName: 'renamed'
    });
  });

  it('refuses a lone surrogate or NUL in every string of every command with BadRequest naming the field', async () => {
    const { alice, s } = await scene();
    const rows = table(s);
    expect(Object.keys(rows).sort()).toEqual(Object.keys(commandCodecs).sort());
    let refused = 0;
    for (const [command, [args, fields]] of Object.entries(rows)) {
      for (const field of fields) {
        for (const bad of NOT_TEXT) {
          for (const inKey of field === 'attributes' ? [false, true] : [false]) {
            const error = await alice.fail(command, spoil(args, field, bad, inKey));
            expect({ command, field, bad, error }).toMatchObject({
              error: { code: ErrorCode.BadRequest, path: `args.${field}` }
            });
            refused++;
          }
        }
        // a good request between fields: bad frames in a row would close the connection
        await alice.call('getMessagesCount', { conversationSid: s.sid });
      }
    }
    expect(refused).toBe(276);
    // nothing was changed: the one message and the conversation as created
    expect((await alice.call('getMessages', { conversationSid: s.sid })).items.map((m) => m.body)).toEqual(['hi']);
  });

  it('reads back every stored string exactly as it was sent', async () => {
    const { connect, alice, s } = await scene();
    for (const [i, text] of TRICKY.entries()) {
      const identity = `user ${text}`;
      await connect(identity);
      const { conversation } = await alice.call('createConversation', {
        friendlyName: text,
        uniqueName: `u${i} ${text}`,
        attributes: { [text]: text }
      });
      await alice.call('addParticipant', { conversationSid: conversation.sid, identity, attributes: { text } });
      await alice.call('sendMessage', {
        conversationSid: conversation.sid,
        key: `k ${text}`,
        body: text,
        attributes: { list: [text] }
      });
      const read = await alice.call('getConversation', { uniqueName: `u${i} ${text}` });
      expect(read.conversation).toMatchObject({
        friendlyName: text,
        uniqueName: `u${i} ${text}`,
        attributes: { [text]: text }
      });
      const [message] = (await alice.call('getMessages', { conversationSid: conversation.sid })).items;
      expect(message).toMatchObject({ body: text, key: `k ${text}`, attributes: { list: [text] } });
      const roster = (await alice.call('listParticipants', { conversationSid: conversation.sid })).items;
      expect(roster.find((p) => p.identity === identity)?.attributes).toEqual({ text });
    }
    expect((await alice.call('getMessagesCount', { conversationSid: s.sid })).count).toBe(1);
  });
});

describe('one rule for arguments: exactly the documented fields', () => {
  it('refuses unknown fields (naming them), __proto__, and args that are not an object', async () => {
    const { alice, s } = await scene();
    expect(await alice.fail('sendMessage', { conversationSid: s.sid, key: 'k', boddy: 'typo' })).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.boddy'
    });
    alice.sendRaw(`{"type":"request","id":900,"command":"updateUser","args":{"__proto__":{"admin":true}}}`);
    expect((await alice.waitFrame((f) => f.id === 900)).error).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.__proto__'
    });
    expect(await alice.fail('getContentTemplates', { extra: 1 })).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.extra'
    });
    expect(await alice.fail('typing', null)).toMatchObject({ code: ErrorCode.BadRequest, path: 'args' });
    expect(await alice.fail('typing', [s.sid])).toMatchObject({ code: ErrorCode.BadRequest, path: 'args' });
    expect(
      await alice.fail('sendMessage', { conversationSid: s.sid, key: 'k', body: 'b', contentVariables: { name: 'v' } })
    ).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.contentVariables'
    });
  });

  it('refuses a message with nothing in it (only a key), and an edit that would empty one', async () => {
    const { alice, s } = await scene();
    for (const args of [
      { key: 'only' },
      { key: 'null', body: null },
      { key: 'empty', body: '' },
      { key: 'attrs', attributes: { a: 1 } }
    ]) {
      expect(await alice.fail('sendMessage', { conversationSid: s.sid, ...args })).toMatchObject({
        code: ErrorCode.BadRequest,
        path: 'args.body'
      });
    }
    expect(
      await alice.fail('updateMessage', { conversationSid: s.sid, messageSid: s.messageSid, body: null })
    ).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.body'
    });
    expect((await alice.call('getMessagesCount', { conversationSid: s.sid })).count).toBe(1);
  });
});

describe('limits a client can rely on', () => {
  it('admits a body of maxBodyBytes of characters JSON escapes (the frame limit holds every valid body)', async () => {
    const { alice, s } = await scene();
    const body = '"\u0001'.repeat(LIMITS.maxBodyBytes / 2);
    const frame = JSON.stringify({
      type: 'request',
      id: 1,
      command: 'sendMessage',
      args: { conversationSid: s.sid, key: 'escaped', body }
    });
    expect(frame.length).toBeGreaterThan(LIMITS.maxBodyBytes * 3);
    expect(frame.length).toBeLessThanOrEqual(LIMITS.maxFrameBytes);
    const sent = await alice.call('sendMessage', { conversationSid: s.sid, key: 'escaped', body });
    const [stored] = (await alice.call('getMessages', { conversationSid: s.sid, anchor: sent.index, pageSize: 1 }))
      .items;
    expect(stored.body).toBe(body);
  });

  it('counts characters in UTF-16 code units: 128 emoji make a 256-character name, 129 are too many', async () => {
    const { alice } = await scene();
    await alice.call('createConversation', { friendlyName: '😀'.repeat(128) });
    expect(await alice.fail('createConversation', { friendlyName: '😀'.repeat(129) })).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.friendlyName'
    });
  });

  it('takes resume {position: null} as a fresh session, as documented', async () => {
    const { server } = await scene();
    const client = await TestClient.connect(server.url, await server.issueToken('alice'), {
      protocol: PROTOCOL_VERSION,
      resume: { position: null }
    });
    expect(client.welcome).toMatchObject({ resume: 'fresh' });
  });
});

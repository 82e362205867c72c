import { ErrorCode } from '../../../lib/protocol';
import type { TestClient } from '../helpers/client';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

/**
 * A conversation with an admin (ann), an author (uma, wrote `message`), a plain participant (pat) and
 * an outsider (otto).
 */
async function scene(isPrivate: boolean) {
  const { connect } = await world();
  const ann = await connect('ann');
  const uma = await connect('uma');
  const pat = await connect('pat');
  const otto = await connect('otto');
  const { conversation } = await ann.call('createConversation', {
    isPrivate,
    uniqueName: isPrivate ? 'secret' : 'open'
  });
  const sid: string = conversation.sid;
  const umaP = await ann.call('addParticipant', { conversationSid: sid, identity: 'uma' });
  const patP = await ann.call('addParticipant', { conversationSid: sid, identity: 'pat' });
  const message = await uma.call('sendMessage', { conversationSid: sid, key: 'k', body: 'mine' });
  return { ann, uma, pat, otto, sid, umaP, patP, message };
}

/** Every command about a conversation, with arguments naming real sids inside it. */
function conversationCommands(
  sid: string,
  participantSid: string,
  messageSid: string
): [string, Record<string, unknown>][] {
  return [
    ['getConversation', { sid }],
    ['peekConversation', { sid }],
    ['updateConversation', { sid, friendlyName: 'hacked' }],
    ['deleteConversation', { sid }],
    ['listParticipants', { conversationSid: sid }],
    ['addParticipant', { conversationSid: sid, identity: 'mallory' }],
    ['joinConversation', { conversationSid: sid }],
    ['leaveConversation', { conversationSid: sid }],
    ['removeParticipant', { conversationSid: sid, participantSid }],
    ['updateParticipant', { conversationSid: sid, participantSid, attributes: { x: 1 } }],
    ['updateReadHorizon', { conversationSid: sid, mode: 'all' }],
    ['setNotificationLevel', { conversationSid: sid, level: 'muted' }],
    ['typing', { conversationSid: sid }],
    ['ackDelivery', { conversationSid: sid, index: 0 }],
    ['sendMessage', { conversationSid: sid, key: 'intruder', body: 'x' }],
    ['updateMessage', { conversationSid: sid, messageSid, body: 'x' }],
    ['removeMessage', { conversationSid: sid, messageSid }],
    ['getMessages', { conversationSid: sid }],
    ['getMessagesCount', { conversationSid: sid }],
    ['getDeliveryReceipts', { conversationSid: sid, messageSid }]
  ];
}

async function expectUnchanged(ann: TestClient, sid: string) {
  const conversation = await ann.call('peekConversation', { sid });
  expect(conversation).toMatchObject({ friendlyName: null, participantsCount: 3, messagesCount: 1 });
  const { items } = await ann.call('getMessages', { conversationSid: sid });
  expect(items.map((m) => m.body)).toEqual(['mine']);
}

describe('authorization', () => {
  it('a non-participant cannot tell a private conversation exists: every command answers NotFound alike', async () => {
    const { ann, otto, sid, patP, message } = await scene(true);
    const missing = await otto.fail('peekConversation', { sid: 'CH' + '0'.repeat(32) });
    expect(missing).toMatchObject({ code: ErrorCode.NotFound, status: 404 });
    for (const [command, args] of conversationCommands(sid, patP.sid, message.sid)) {
      const error = await otto.fail(command, args);
      expect([command, error]).toEqual([command, missing]);
    }
    expect(await otto.fail('getConversation', { uniqueName: 'secret' })).toEqual(missing);
    await expectUnchanged(ann, sid);
    expect(otto.events.filter((e) => e.name !== 'userUpdated')).toEqual([]);
  });

  it('a non-participant may peek and join a public conversation, and nothing else until joined', async () => {
    const { ann, otto, sid, patP, message } = await scene(false);
    for (const [command, args] of conversationCommands(sid, patP.sid, message.sid)) {
      if (command === 'peekConversation' || command === 'joinConversation') continue;
      const error = await otto.fail(command, args);
      const expected = command === 'getConversation' ? ErrorCode.NotFound : ErrorCode.Forbidden;
      expect([command, error.code]).toEqual([command, expected]);
    }
    await expectUnchanged(ann, sid);
    expect((await otto.call('peekConversation', { sid })).sid).toBe(sid);
    await otto.call('joinConversation', { conversationSid: sid });
    expect((await otto.call('getMessages', { conversationSid: sid })).items).toHaveLength(1);
  });

  it("participants may not edit/remove others' messages, remove others, change roles, add admins, delete", async () => {
    const { ann, pat, sid, umaP, message } = await scene(true);
    const refused: [string, Record<string, unknown>][] = [
      ['updateMessage', { conversationSid: sid, messageSid: message.sid, body: 'x' }],
      ['removeMessage', { conversationSid: sid, messageSid: message.sid }],
      ['removeParticipant', { conversationSid: sid, participantSid: umaP.sid }],
      ['updateParticipant', { conversationSid: sid, participantSid: umaP.sid, attributes: { x: 1 } }],
      ['updateParticipant', { conversationSid: sid, participantSid: umaP.sid, role: 'admin' }],
      ['addParticipant', { conversationSid: sid, identity: 'newbie', role: 'admin' }],
      ['deleteConversation', { sid }]
    ];
    for (const [command, args] of refused) {
      expect([command, (await pat.fail(command, args)).code]).toEqual([command, ErrorCode.Forbidden]);
    }
    await expectUnchanged(ann, sid);
  });

  it('a participant may read, write, add users, update the conversation and leave', async () => {
    const { pat, sid } = await scene(true);
    await pat.call('getMessages', { conversationSid: sid });
    await pat.call('sendMessage', { conversationSid: sid, key: 'p', body: 'hi' });
    await pat.call('addParticipant', { conversationSid: sid, identity: 'friend' });
    await pat.call('updateConversation', { sid, friendlyName: 'renamed by pat' });
    await pat.call('leaveConversation', { conversationSid: sid });
    expect(await pat.fail('getMessages', { conversationSid: sid })).toMatchObject({ code: ErrorCode.NotFound });
  });

  it('the author edits and removes their own message', async () => {
    const { uma, sid, message } = await scene(true);
    expect(
      (await uma.call('updateMessage', { conversationSid: sid, messageSid: message.sid, body: 'edited' })).body
    ).toBe('edited');
    await uma.call('removeMessage', { conversationSid: sid, messageSid: message.sid });
  });

  it("an admin edits and removes others' messages, removes participants, changes roles and deletes", async () => {
    const { ann, uma, sid, umaP, patP, message } = await scene(true);
    expect(
      (await ann.call('updateMessage', { conversationSid: sid, messageSid: message.sid, body: 'moderated' }))
        .lastUpdatedBy
    ).toBe('ann');
    await ann.call('removeMessage', { conversationSid: sid, messageSid: message.sid });
    await ann.call('updateParticipant', {
      conversationSid: sid,
      participantSid: umaP.sid,
      role: 'admin',
      attributes: { mod: true }
    });
    await ann.call('removeParticipant', { conversationSid: sid, participantSid: patP.sid });
    await uma.call('deleteConversation', { sid });
  });
});

import { expect } from '@jest/globals';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { firstValueFrom } from 'rxjs';
import { filter } from 'rxjs/operators';
import {
  Client,
  ConversationsError,
  ErrorCode,
  selectMessageReceipt,
  selectMessages,
  selectParticipants,
  selectTypingParticipants,
  selectUnreadCount,
  selectUser
} from '../../lib/client/lean';
import { startServer, type RunningServer } from '../../lib/server';
import { waitFor } from '../helpers/wait';

const ROOT = resolve(__dirname, '../..');
const quietLogger = { info() {}, warn() {}, error() {} };

/** The error a lean client gives for what a part it left out does. */
const partMissing = (name: string) =>
  expect.objectContaining({
    code: ErrorCode.NotSupported,
    message: expect.stringContaining(`import 'rx-conversations/${name}'`)
  });

describe('rx-conversations/lean: the reactive core without the optional parts', () => {
  let server: RunningServer;
  const clients: Client[] = [];
  const client = async (identity: string) => {
    const made = await Client.create(await server.issueToken(identity));
    clients.push(made);
    return made;
  };

  beforeAll(async () => {
    server = await startServer({ logger: quietLogger });
  });
  afterAll(async () => {
    await Promise.all(clients.map((made) => made.shutdown()));
    await server.close();
  });

  it('bundles none of the parts: no media, templates, push or receipt objects', async () => {
    const result = await build({
      entryPoints: [resolve(ROOT, 'lib/client/lean.ts')],
      absWorkingDir: ROOT,
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent'
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('lib/client/client.ts');
    const parts = new RegExp(
      'lib/client/(media/(media-urls|upload)|model/(message-builder|unsent-message)|' +
        'content/|push/|receipts/|emitter/|events/listeners)'
    );
    expect(inputs.filter((input) => parts.test(input))).toEqual([]);
  });

  it('keeps the store, selectors, conversations, messages, participants, users, typing, read horizons', async () => {
    const alice = await client('alice');
    const bob = await client('bob');
    const conversation = await alice.createConversation({ friendlyName: 'lean' });
    const sid = conversation.sid;
    const bobJoined = firstValueFrom(bob.conversationJoined$);
    await conversation.add('bob');
    expect((await bobJoined).sid).toBe(sid);
    await waitFor(() => bob.getState().participants[sid]?.loaded === true, "bob's roster");
    expect(
      selectParticipants(sid)(bob.getState())
        .map((p) => p.identity)
        .sort()
    ).toEqual(['alice', 'bob']);

    // messages: sent by alice, in bob's store, then read by bob
    const added = firstValueFrom(bob.messageAdded$);
    const index = await conversation.sendMessage('hello, lean');
    expect((await added).body).toBe('hello, lean');
    expect(selectMessages(sid)(bob.getState()).map((item) => item.body)).toEqual(['hello, lean']);
    const bobConversation = bob.conversation(sid);
    await bobConversation.setAllMessagesRead();
    expect(selectUnreadCount(sid)(bob.getState())).toBe(0);
    await waitFor(() => selectMessageReceipt(sid, index)(alice.getState())?.read === 1, "bob's read in alice's store");
    // without the receipts part, the counts are in the store and the reference's objects are not
    expect((await conversation.getMessages()).items[0].aggregatedDeliveryReceipt).toBeNull();

    // typing
    const typing = firstValueFrom(alice.select(selectTypingParticipants(sid)).pipe(filter((list) => list.length > 0)));
    await bobConversation.typing();
    expect((await typing).map((p) => p.identity)).toEqual(['bob']);

    // users
    const user = await alice.getUser('bob');
    expect(user.identity).toBe('bob');
    expect(selectUser('bob')(alice.getState())?.data.identity).toBe('bob');
    const participants = await conversation.getParticipants();
    expect((await participants.find((p) => p.identity === 'bob')?.getUser())?.identity).toBe('bob');
  });

  it('names the entry to import when asked for what a part does', async () => {
    const alice = await client('alice-2');
    const conversation = await alice.createConversation();
    await conversation.sendMessage('plain');
    const [message] = (await conversation.getMessages()).items;

    await expect(alice.getContentTemplates()).rejects.toEqual(partMissing('templates'));
    await expect(message.getContentData()).rejects.toEqual(partMissing('templates'));
    expect(() => conversation.prepareMessage()).toThrow(ConversationsError);
    expect(() => conversation.prepareMessage()).toThrow("import 'rx-conversations/media'");
    await expect(conversation.sendMessage(new FormData())).rejects.toEqual(partMissing('media'));
    expect(() => alice.getTemporaryContentUrlsForMediaSids(['ME1'])).toThrow("import 'rx-conversations/media'");
    expect(() => Client.parsePushNotification({ data: {} })).toThrow("import 'rx-conversations/push'");
    await expect(alice.setPushRegistrationId('fcm', 'device')).rejects.toEqual(partMissing('push'));
    await expect(message.getDetailedDeliveryReceipts()).rejects.toEqual(partMissing('receipts'));
    expect(() => alice.on('messageAdded', () => undefined)).toThrow("import 'rx-conversations/emitter'");
    expect(() => conversation.listenerCount('updated')).toThrow("import 'rx-conversations/emitter'");
    expect(() => alice.on('messageAdded', () => undefined)).toThrow("import 'rx-conversations/emitter'");
    expect(() => conversation.listenerCount('updated')).toThrow("import 'rx-conversations/emitter'");
  });

  it('registers a part when its entry is imported', async () => {
    const alice = await client('alice-3');
    await import('../../lib/client/content/index');
    expect(await alice.getContentTemplates()).toEqual([]);
  });
});

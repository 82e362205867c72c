import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStorage } from '../../../lib/server/storage/sqlite/sqlite-storage';
import { conversation, message, participant } from '../storage/fixtures';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();
jest.setTimeout(60000);

const dir = mkdtempSync(join(tmpdir(), 'rxc-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scale', () => {
  it('lists all 10,000 conversations of a user quickly, newest activity first, with exact unread counts', async () => {
    const database = join(dir, 'big.db');
    const storage = await openSqliteStorage({ path: database, durability: 'normal' });
    await storage.transaction(async (tx) => {
      for (let i = 0; i < 10_000; i++) {
        const c = conversation({
          friendlyName: `c${i}`,
          lastActivity: 1_000_000 + i,
          participantsCount: 2,
          messagesCount: 3,
          nextMessageIndex: 3
        });
        await tx.insertConversation(c);
        await tx.insertParticipant(participant(c.sid, 'alice', { lastReadMessageIndex: i % 2 === 0 ? 0 : null }));
        await tx.insertParticipant(participant(c.sid, `peer${i}`));
        for (let m = 0; m < 3; m++) await tx.insertMessage(message(c.sid, m));
      }
    });
    await storage.close();

    const { connect } = await world({ database });
    const alice = await connect('alice');
    const started = performance.now();
    const first = await alice.call('listMyConversations', {});
    const firstPageMs = performance.now() - started;
    const items = [...first.items];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await alice.call('listMyConversations', { cursor, pageSize: 1000 });
      items.push(...page.items);
      cursor = page.nextCursor;
    }
    const allMs = performance.now() - started;
    expect(items).toHaveLength(10_000);
    expect(new Set(items.map((x) => x.conversation.sid)).size).toBe(10_000);
    expect(items.map((x) => x.conversation.friendlyName)).toEqual([...Array(10_000).keys()].map((k) => `c${9999 - k}`));
    expect(items[0].participant.identity).toBe('alice');
    const unread = items.map((x) => x.unreadCount);
    expect(unread.filter((u) => u === 2)).toHaveLength(5_000);
    expect(unread.filter((u) => u === null)).toHaveLength(5_000);
    // generous bounds for a loaded 2-core CI machine; typical figures are far lower
    expect(firstPageMs).toBeLessThan(1000);
    expect(allMs).toBeLessThan(5000);
    console.log(
      `listMyConversations, 10,000 conversations: first page ${firstPageMs.toFixed(0)} ms, all ${allMs.toFixed(0)} ms`
    );
  });

  it('fans one message out to 200 participants, every one receiving it once', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const { conversation: c } = await alice.call('createConversation', {});
    const clients = [];
    for (let i = 0; i < 200; i++) {
      await alice.call('addParticipant', { conversationSid: c.sid, identity: `r${i}` });
      clients.push(await connect(`r${i}`));
    }
    await alice.call('sendMessage', { conversationSid: c.sid, key: 'hello', body: 'hello all' });
    await Promise.all(clients.map((client) => client.waitEvent('messageAdded', () => true, 10000)));
    expect(clients.every((client) => client.named('messageAdded').length === 1)).toBe(true);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStorage } from '../../../lib/server/storage/sqlite/sqlite-storage';
import { SCHEMA_VERSIONS } from '../../../lib/server/storage/schema-versions';
import { storageContract } from './storage-contract';
import { conversation, message, participant } from './fixtures';
import { waitFor } from '../../helpers/wait';

storageContract('SQLite in memory', () => openSqliteStorage({ path: ':memory:' }));

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rxc-storage-'));
  dirs.push(dir);
  return join(dir, 'nested', 'db.sqlite');
};

storageContract('SQLite file', () => openSqliteStorage({ path: tempFile(), durability: 'normal' }));

describe('SQLite engine', () => {
  const versions = (path: string) => {
    const raw = new BetterSqlite3(path, { readonly: true });
    const rows = raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
    raw.close();
    return rows.map((r) => r.version);
  };

  it('keeps data across reopening, in WAL mode, with each schema version recorded once', async () => {
    const path = tempFile();
    const c = conversation();
    const first = await openSqliteStorage({ path });
    await first.transaction((tx) => tx.insertConversation(c));
    await first.close();
    const second = await openSqliteStorage({ path });
    expect((await second.read((r) => r.getConversation(c.sid)))?.sid).toBe(c.sid);
    await second.close();
    const raw = new BetterSqlite3(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    expect(versions(path)).toEqual(SCHEMA_VERSIONS.map((_, i) => i + 1));
  });

  it('refuses a database from a newer server', async () => {
    const path = tempFile();
    await (await openSqliteStorage({ path })).close();
    const raw = new BetterSqlite3(path);
    raw.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)').run(SCHEMA_VERSIONS.length + 1);
    raw.close();
    await expect(openSqliteStorage({ path })).rejects.toThrow(/newer/);
  });

  it('takes over the schema version a database kept in user_version, and migrates on from there', async () => {
    const path = tempFile();
    await (await openSqliteStorage({ path })).close();
    // the database as a server before schema_migrations left it at version 2
    const raw = new BetterSqlite3(path);
    raw.exec('DROP TABLE schema_migrations; DROP TABLE media; DROP TABLE templates');
    raw.exec('ALTER TABLE participants DROP COLUMN last_delivered_timestamp');
    raw.exec('ALTER TABLE messages DROP COLUMN content_variables');
    // and without version 4's
    raw.exec('DROP TABLE roles; DROP TABLE api_keys; DROP TABLE webhooks');
    raw.exec('DROP TABLE webhook_outbox; DROP TABLE webhook_deliveries');
    raw.exec('ALTER TABLE users DROP COLUMN role');
    // and without version 7's and 5's
    raw.exec('DROP TABLE messages_fts_queue; DROP INDEX messages_replies');
    raw.exec('DROP TRIGGER messages_fts_insert; DROP TRIGGER messages_fts_delete; DROP TRIGGER messages_fts_update');
    raw.exec('DROP TABLE messages_fts; DROP TABLE reactions; DROP TABLE mentions');
    raw.exec(
      'ALTER TABLE messages DROP COLUMN reactions; ALTER TABLE messages DROP COLUMN reply_to; ' +
        'ALTER TABLE messages DROP COLUMN mentions'
    );
    raw.pragma('user_version = 2');
    raw.close();
    const storage = await openSqliteStorage({ path });
    expect(await storage.read((r) => r.listTemplates())).toEqual([]);
    await storage.close();
    expect(versions(path)).toEqual(SCHEMA_VERSIONS.map((_, i) => i + 1));
    const after = new BetterSqlite3(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(0);
    after.close();
  });

  it('runs one job at a time: afterCommit before any later job, a read behind an open transaction', async () => {
    const storage = await openSqliteStorage({ path: ':memory:' });
    const order: string[] = [];
    const c = conversation();
    const write = storage.transaction(
      async (tx) => {
        await tx.insertConversation(c);
        return tx.appendEvent({ name: 'a', conversationSid: c.sid, targetIdentity: null, data: {} }, 1);
      },
      (ref, seqOf) => order.push(`commit ${seqOf(ref)}`)
    );
    const read = storage.read(async (r) =>
      order.push(`read at ${await r.head()}, found ${(await r.getConversation(c.sid))?.sid}`)
    );
    await Promise.all([write, read]);
    expect(order).toEqual(['commit 1', `read at 1, found ${c.sid}`]);
    await storage.close();
  });

  it('reports an afterCommit failure without failing the committed transaction', async () => {
    const errors: unknown[] = [];
    const storage = await openSqliteStorage({ path: ':memory:', onAfterCommitError: (e) => errors.push(e) });
    const c = conversation();
    await storage.transaction(
      (tx) => tx.insertConversation(c),
      () => {
        throw new Error('subscriber failed');
      }
    );
    expect(errors).toHaveLength(1);
    expect(await storage.read((r) => r.getConversation(c.sid))).not.toBeNull();
    await storage.close();
  });

  it('applies the index changes a group of transactions queued, in order, before a search reads it', async () => {
    const path = tempFile();
    const storage = await openSqliteStorage({ path, durability: 'normal' });
    const c = conversation();
    await storage.transaction(async (tx) => {
      await tx.insertConversation(c);
      await tx.insertParticipant(participant(c.sid, 'alice'));
    });
    const ms = [0, 1, 2, 3].map((i) => message(c.sid, i, { body: `alpha number ${i}` }));
    // queued back to back: one group, one commit; the third fails and takes its changes with it
    const results = await Promise.allSettled([
      storage.transaction((tx) => tx.insertMessage(ms[0])),
      storage.transaction(async (tx) => {
        await tx.insertMessage(ms[1]);
        await tx.updateMessage({ ...ms[1], body: 'beta' });
      }),
      storage.transaction(async (tx) => {
        await tx.insertMessage(ms[2]);
        throw new Error('no');
      }),
      storage.transaction(async (tx) => {
        await tx.insertMessage(ms[3]);
        await tx.deleteMessage(ms[3].sid);
        await tx.updateMessage({ ...ms[0], body: 'alpha again' });
      })
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const found = async (word: string) =>
      (await storage.read((r) => r.searchMessages('alice', [word], null, null, 10))).map((m) => m.message.body);
    expect([await found('alpha'), await found('beta'), await found('number')]).toEqual([['alpha again'], ['beta'], []]);
    await storage.close();
    const raw = new BetterSqlite3(path);
    expect(raw.prepare('SELECT count(*) AS n FROM messages_fts_queue').get()).toEqual({ n: 0 });
    // FTS5 checks the index against the messages table
    expect(() => raw.exec(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`)).not.toThrow();
    raw.close();
  });

  describe('the full-text index, applied after the commits that queue its changes', () => {
    const queued = (path: string) => {
      const raw = new BetterSqlite3(path, { readonly: true });
      const { n } = raw.prepare('SELECT count(*) AS n FROM messages_fts_queue').get() as { n: number };
      raw.close();
      return n;
    };
    const setUp = async (path: string) => {
      const storage = await openSqliteStorage({ path, durability: 'normal' });
      const c = conversation();
      await storage.transaction(async (tx) => {
        await tx.insertConversation(c);
        await tx.insertParticipant(participant(c.sid, 'alice'));
      });
      const search = (word: string) =>
        storage.read((r) => r.searchMessages('alice', [word], null, null, 10)).then((hits) => hits.length);
      return { storage, c, search };
    };

    it('leaves a send’s commit its row in the queue; a search right after it finds the message', async () => {
      const path = tempFile();
      const { storage, c, search } = await setUp(path);
      await storage.transaction((tx) => tx.insertMessage(message(c.sid, 0, { body: 'gamma ray' })));
      expect(queued(path)).toBe(1);
      expect(await search('gamma')).toBe(1);
      expect(queued(path)).toBe(0);
      await storage.close();
    });

    it('applies the queue a while after the commits, with no search asking', async () => {
      const path = tempFile();
      const { storage, c, search } = await setUp(path);
      await storage.transaction((tx) => tx.insertMessage(message(c.sid, 0, { body: 'delta wave' })));
      await waitFor(() => queued(path) === 0, 'the queued change applied');
      expect(await search('delta')).toBe(1);
      await storage.close();
    });

    it('asks for a word as the index cut it: a mark that ends a token there ends a term', async () => {
      const path = tempFile();
      const { storage, c, search } = await setUp(path);
      await storage.transaction((tx) => tx.insertMessage(message(c.sid, 0, { body: 'भारत में' })));
      // unicode61 cuts भारत at its vowel sign ा (a spacing mark): a query word of two tokens
      expect([await search('भारत'), await search('भार'), await search('\u0903')]).toEqual([1, 1, 0]);
      await storage.close();
    });

    it('applies at open what a crash left queued', async () => {
      const path = tempFile();
      const { storage, c } = await setUp(path);
      await storage.close();
      // as a crash after a send's commit leaves it: the message committed, its index change queued
      const raw = new BetterSqlite3(path);
      const m = message(c.sid, 0, { body: 'epsilon' });
      raw
        .prepare(
          `INSERT INTO messages (sid, conversation_sid, idx, author, body, attributes, type, media, date_created,
             date_updated) VALUES (?, ?, 0, 'alice', 'epsilon', '{}', 'text', '[]', 0, 0)`
        )
        .run(m.sid, c.sid);
      raw.close();
      expect(queued(path)).toBe(1);
      const reopened = await openSqliteStorage({ path, durability: 'normal' });
      expect(queued(path)).toBe(0);
      expect(await reopened.read((r) => r.searchMessages('alice', ['epsilon'], null, null, 10))).toHaveLength(1);
      await reopened.close();
    });
  });
});

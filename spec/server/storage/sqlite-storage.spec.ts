import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStorage } from '../../../lib/server/storage/sqlite/sqlite-storage';
import { MIGRATIONS } from '../../../lib/server/storage/sqlite/migrations';
import { storageContract } from './storage-contract';
import { conversation } from './fixtures';

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
  it('keeps data across reopening, in WAL mode, at the latest schema version', async () => {
    const path = tempFile();
    const c = conversation();
    const first = openSqliteStorage({ path });
    await first.transaction((tx) => tx.insertConversation(c));
    await first.close();
    const second = openSqliteStorage({ path });
    expect((await second.read((r) => r.getConversation(c.sid)))?.sid).toBe(c.sid);
    await second.close();
    const raw = new BetterSqlite3(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    raw.close();
  });

  it('refuses a database from a newer server', () => {
    const path = tempFile();
    openSqliteStorage({ path }).close();
    const raw = new BetterSqlite3(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openSqliteStorage({ path })).toThrow(/newer/);
  });

  it('runs one job at a time: afterCommit before any later job, a read behind an open transaction', async () => {
    const storage = openSqliteStorage({ path: ':memory:' });
    const order: string[] = [];
    const c = conversation();
    const write = storage.transaction(
      async (tx) => {
        await tx.insertConversation(c);
        return tx.appendEvent({ name: 'a', conversationSid: c.sid, targetIdentity: null, data: {} }, 1);
      },
      (seq) => order.push(`commit ${seq}`)
    );
    const read = storage.read(async (r) => order.push(`read at ${await r.head()}, found ${(await r.getConversation(c.sid))?.sid}`));
    await Promise.all([write, read]);
    expect(order).toEqual(['commit 1', `read at 1, found ${c.sid}`]);
    await storage.close();
  });

  it('reports an afterCommit failure without failing the committed transaction', async () => {
    const errors: unknown[] = [];
    const storage = openSqliteStorage({ path: ':memory:', onAfterCommitError: (e) => errors.push(e) });
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
});

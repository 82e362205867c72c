import pg from 'pg';
import { openPostgresStorage } from '../../lib/server/storage/postgres/pg-storage';
import type { Storage } from '../../lib/server/storage/storage';
import { SCHEMA_VERSIONS } from '../../lib/server/storage/schema-versions';
import { conversation, message } from '../server/storage/fixtures';
import { type TestDatabase, createTestDatabase } from './helpers/services';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

/** Three storages on one database: three server processes as far as PostgreSQL can tell. */
async function threeNodes(): Promise<Storage[]> {
  const url = await database.schemaUrl();
  return Promise.all([0, 1, 2].map(() => openPostgresStorage({ url, poolSize: 4 })));
}

/** A send as the domain does it: lock the conversation, take its next index, append the event. */
function send(storage: Storage, sid: string, n: number): Promise<{ index: number; seq: number }> {
  return storage.transaction(async (tx) => {
    const c = await tx.getConversation(sid);
    if (!c) throw new Error('no conversation');
    await tx.insertMessage(message(sid, c.nextMessageIndex, { key: `k${n}` }));
    await tx.updateConversation({ ...c, nextMessageIndex: c.nextMessageIndex + 1, messagesCount: c.messagesCount + 1 });
    const seq = await tx.appendEvent(
      { name: 'messageAdded', conversationSid: null, targetIdentity: 'bob', data: { n } },
      1
    );
    return { index: c.nextMessageIndex, seq };
  });
}

describe('PostgreSQL engine', () => {
  it('migrates once when several processes open a fresh database together, and records each version', async () => {
    const url = await database.schemaUrl();
    const storages = await Promise.all([0, 1, 2].map(() => openPostgresStorage({ url, poolSize: 1 })));
    await Promise.all(storages.map((s) => s.close()));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    await client.end();
    expect(rows.map((r) => r.version)).toEqual(SCHEMA_VERSIONS.map((_, i) => i + 1));
  });

  it('refuses a database from a newer server', async () => {
    const url = await database.schemaUrl();
    await (await openPostgresStorage({ url })).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)', [
      SCHEMA_VERSIONS.length + 1
    ]);
    await client.end();
    await expect(openPostgresStorage({ url })).rejects.toThrow(/newer/);
  });

  it('gives concurrent sends through three processes gap-free indexes and gap-free seqs in commit order', async () => {
    const nodes = await threeNodes();
    const c = conversation();
    await nodes[0].transaction((tx) => tx.insertConversation(c));
    const sends = Array.from({ length: 150 }, (_, n) => send(nodes[n % 3], c.sid, n));
    // meanwhile, every snapshot must hold every event up to its head: no seq commits before a lower one
    let reading = true;
    const snapshots: Promise<void> = (async () => {
      while (reading) {
        const { head, seqs } = await nodes[1].read(async (r) => ({
          head: await r.head(),
          seqs: (await r.eventsVisibleTo('bob', 0, 1000)).map((e) => e.seq)
        }));
        expect(seqs).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      }
    })();
    const results = await Promise.all(sends);
    reading = false;
    await snapshots;
    expect(results.map((r) => r.index).sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    // index order is seq order: both were taken under locks held to commit
    for (const r of results) expect(r.seq).toBe(r.index + 1);
    await Promise.all(nodes.map((s) => s.close()));
  });

  it('lets a change that reads a conversation unlocked go past one that holds it', async () => {
    const [a, b] = await threeNodes();
    const c = conversation();
    await a.transaction((tx) => tx.insertConversation(c));
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked = () => undefined as void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = a.transaction(async (tx) => {
      await tx.getConversation(c.sid);
      locked();
      await held;
    });
    await isLocked;
    const order: string[] = [];
    const unlocked = b
      .transaction(async (tx) => (await tx.unlocked().getConversation(c.sid))?.sid)
      .then(() => order.push('unlocked'));
    const waiting = b
      .transaction(async (tx) => (await tx.getConversation(c.sid))?.sid)
      .then(() => order.push('locked'));
    await unlocked;
    release();
    await Promise.all([holder, waiting]);
    expect(order).toEqual(['unlocked', 'locked']);
    await Promise.all([a, b].map((s) => s.close()));
  });

  it('retries a transaction that lost a race for a unique key, so the loser sees the winner', async () => {
    const [a, b] = await threeNodes();
    const attempts: number[] = [];
    // both find the name free before either inserts
    let checked = 0;
    let bothChecked = () => undefined as void;
    const both = new Promise<void>((resolve) => (bothChecked = resolve));
    const create = (storage: Storage, n: number) =>
      storage.transaction(async (tx) => {
        attempts.push(n);
        const taken = await tx.getConversationByUniqueName('general');
        if (taken) return 'taken';
        if (++checked === 2) bothChecked();
        await both;
        await tx.insertConversation(conversation({ uniqueName: 'general' }));
        return 'created';
      });
    const outcomes = await Promise.all([create(a, 1), create(b, 2)]);
    expect(outcomes.sort()).toEqual(['created', 'taken']);
    expect(attempts.length).toBe(3);
    await Promise.all([a, b].map((s) => s.close()));
  });
});

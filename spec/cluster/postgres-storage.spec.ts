import pg from 'pg';
import { openPostgresStorage } from '../../lib/server/storage/postgres/pg-storage';
import type { Storage } from '../../lib/server/storage/storage';
import { SCHEMA_VERSIONS } from '../../lib/server/storage/schema-versions';
import { conversation, message } from '../server/storage/fixtures';
import { waitForAsync } from '../helpers/wait';
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
async function send(storage: Storage, sid: string, n: number, group?: string): Promise<{ index: number; seq: number }> {
  let seq = 0;
  const index = await storage.transaction(
    async (tx) => {
      const c = await tx.getConversation(sid);
      if (!c) throw new Error('no conversation');
      await tx.insertMessage(message(sid, c.nextMessageIndex, { key: `k${n}` }));
      await tx.updateConversation({
        ...c,
        nextMessageIndex: c.nextMessageIndex + 1,
        messagesCount: c.messagesCount + 1
      });
      const ref = await tx.appendEvent(
        { name: 'messageAdded', conversationSid: null, targetIdentity: 'bob', data: { n } },
        1
      );
      return { index: c.nextMessageIndex, ref };
    },
    ({ ref }, seqOf) => (seq = seqOf(ref)),
    group
  );
  return { index: index.index, seq };
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

  it('gives concurrent sends through three processes gap-free indexes and seqs in index order', async () => {
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
    // index order is seq order: ids are taken under the conversation's lock, and numbered in id order
    for (const r of results) expect(r.seq).toBe(r.index + 1);
    await Promise.all(nodes.map((s) => s.close()));
  });

  it('runs sends into conversations in shared transactions, one that throws rolled back alone', async () => {
    const url = await database.schemaUrl();
    const storage = await openPostgresStorage({ url, poolSize: 4 });
    const conversations = Array.from({ length: 24 }, () => conversation());
    await storage.transaction(async (tx) => {
      for (const c of conversations) await tx.insertConversation(c);
    });
    // each row keeps the id of the transaction that wrote it (its top level: a savepoint has its own)
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('ALTER TABLE messages ADD COLUMN top_xid xid8 DEFAULT pg_current_xact_id()');
    const grouped = (sid: string, n: number) =>
      storage.transaction(
        async (tx) => {
          const c = await tx.getConversation(sid);
          if (!c) throw new Error('no conversation');
          await tx.insertMessage(message(sid, c.nextMessageIndex, { key: `k${n}` }));
          await tx.updateConversation({ ...c, nextMessageIndex: c.nextMessageIndex + 1 });
          if (n === 5) throw new Error('refused');
          return n;
        },
        undefined,
        sid
      );
    const outcomes = await Promise.allSettled(conversations.map((c, n) => grouped(c.sid, n)));
    expect(outcomes.map((o) => o.status)).toEqual(conversations.map((_, n) => (n === 5 ? 'rejected' : 'fulfilled')));
    const { rows } = await client.query<{ conversation_sid: string; xid: string }>(
      'SELECT conversation_sid, top_xid::text AS xid FROM messages'
    );
    await client.end();
    expect(rows.map((r) => r.conversation_sid).sort()).toEqual(
      conversations
        .filter((_, n) => n !== 5)
        .map((c) => c.sid)
        .sort()
    );
    // fewer transactions than sends
    expect(new Set(rows.map((r) => r.xid)).size).toBeLessThan(rows.length / 2);
    await storage.close();
  });

  it("lets two processes' groups lock the same conversations, in opposite orders, without a deadlock", async () => {
    // a deadlock would not be broken (and retried) but end in a lock timeout, failing a send
    const url = new URL(await database.schemaUrl());
    url.searchParams.set('options', `${url.searchParams.get('options')} -c deadlock_timeout=60s -c lock_timeout=10s`);
    const [a, b] = await Promise.all([0, 1].map(() => openPostgresStorage({ url: url.toString(), poolSize: 4 })));
    const conversations = Array.from({ length: 12 }, () => conversation());
    await a.transaction(async (tx) => {
      for (const c of conversations) await tx.insertConversation(c);
    });
    /** One round of sends from `storage` into every conversation, in the given order, each in its group. */
    const round = (storage: Storage, order: typeof conversations, r: number) =>
      Promise.all(order.map((c, n) => send(storage, c.sid, r * 100 + n, c.sid)));
    for (let r = 0; r < 5; r++) {
      await Promise.all([round(a, conversations, r), round(b, [...conversations].reverse(), r + 50)]);
    }
    const indexes = await a.read(async (reader) =>
      Promise.all(conversations.map(async (c) => (await reader.getConversation(c.sid))?.nextMessageIndex))
    );
    expect(indexes).toEqual(conversations.map(() => 10));
    await Promise.all([a, b].map((s) => s.close()));
  });

  it('commits and numbers a write in one conversation while another holds a different one', async () => {
    const [a, b] = await threeNodes();
    const [one, two] = [conversation(), conversation()];
    await a.transaction(async (tx) => {
      await tx.insertConversation(one);
      await tx.insertConversation(two);
    });
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let appended = () => undefined as void;
    const isAppended = new Promise<void>((resolve) => (appended = resolve));
    const seqs: Record<string, number> = {};
    const event = (n: string) => ({ name: 'messageAdded', conversationSid: null, targetIdentity: 'bob', data: { n } });
    // the first holds its conversation and has appended an event: nothing shared is locked
    const holder = a.transaction(
      async (tx) => {
        await tx.getConversation(one.sid);
        const ref = await tx.appendEvent(event('held'), 1);
        appended();
        await held;
        return ref;
      },
      (ref, seqOf) => (seqs.held = seqOf(ref))
    );
    await isAppended;
    await b.transaction(
      async (tx) => {
        await tx.getConversation(two.sid);
        return tx.appendEvent(event('free'), 1);
      },
      (ref, seqOf) => (seqs.free = seqOf(ref))
    );
    expect(seqs).toEqual({ free: 1 });
    expect(await b.read((r) => r.head())).toBe(1);
    release();
    await holder;
    expect(seqs).toEqual({ free: 1, held: 2 });
    await Promise.all([a, b].map((s) => s.close()));
  });

  it('numbers committed events whose writer died before it asked, and opens their memberships', async () => {
    const url = await database.schemaUrl();
    const storage = await openPostgresStorage({ url });
    // a writer that committed its events, then died: nobody waits for their seqs
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      `INSERT INTO events (name, conversation_sid, target_identity, data, created_at) VALUES
       ('participantJoined', 'CH1', NULL, '{"participant":{"identity":"bob"}}', 1),
       ('messageAdded', 'CH1', NULL, '{}', 1)`
    );
    await client.end();
    await waitForAsync(async () => (await storage.read((r) => r.head())) === 2, 'the orphaned events numbered');
    const visible = await storage.read((r) => r.eventsVisibleTo('bob', 0, 10));
    expect(visible.map((e) => [e.seq, e.name])).toEqual([
      [1, 'participantJoined'],
      [2, 'messageAdded']
    ]);
    expect(await storage.read((r) => r.conversationSidsOf('bob'))).toEqual(['CH1']);
    await storage.close();
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

import BetterSqlite3 from 'better-sqlite3';
import { GroupCommit, MAX_GROUP } from '../../../lib/server/storage/sqlite/group-commit';

function open() {
  const db = new BetterSqlite3(':memory:');
  db.pragma('foreign_keys = ON');
  db.exec(
    'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p(id))'
  );
  const errors: unknown[] = [];
  const queue = new GroupCommit(db, (error) => errors.push(error));
  const insert = (id: number) => () => {
    db.prepare('INSERT INTO p (id) VALUES (?)').run(id);
    return Promise.resolve(id);
  };
  const ids = () => (db.prepare('SELECT id FROM p ORDER BY id').all() as { id: number }[]).map((row) => row.id);
  return { db, queue, insert, ids, errors };
}

describe('GroupCommit (SQLite group commit)', () => {
  it('runs transactions queued back to back under one commit: none is settled before the last has run', async () => {
    const { queue, insert, ids, db } = open();
    const log: string[] = [];
    const all = [1, 2, 3].map((id) =>
      queue.transaction(
        async () => {
          log.push(`run ${id} (in a transaction: ${db.inTransaction})`);
          return insert(id)();
        },
        (value) => log.push(`committed ${value}`)
      )
    );
    await Promise.all(all);
    expect(log).toEqual([
      'run 1 (in a transaction: true)',
      'run 2 (in a transaction: true)',
      'run 3 (in a transaction: true)',
      'committed 1',
      'committed 2',
      'committed 3'
    ]);
    expect(ids()).toEqual([1, 2, 3]);
  });

  it('waits one turn for a transaction queued right after the first body ran, and takes it in the group', async () => {
    const { queue, insert } = open();
    const log: string[] = [];
    const first = queue.transaction(insert(1), () => log.push('committed 1'));
    // queued after the first body ran, before the group commits (as a pipelined request is)
    await Promise.resolve();
    await Promise.resolve();
    const second = queue.transaction(insert(2), () => log.push('committed 2'));
    await Promise.all([first, second]);
    expect(log).toEqual(['committed 1', 'committed 2']);
  });

  it('rolls back a failing transaction alone: the others of its group commit', async () => {
    const { queue, insert, ids } = open();
    const failing = queue.transaction(async () => {
      await insert(2)();
      throw new Error('nope');
    });
    const results = await Promise.allSettled([queue.transaction(insert(1)), failing, queue.transaction(insert(3))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(ids()).toEqual([1, 3]);
  });

  it('fails every transaction of a group whose commit fails, and keeps none of them', async () => {
    const { queue, insert, ids, db } = open();
    const committed: number[] = [];
    const bad = queue.transaction(() => {
      db.pragma('defer_foreign_keys = ON');
      db.prepare('INSERT INTO c (id, p) VALUES (1, 99)').run();
      return Promise.resolve(0);
    });
    const results = await Promise.allSettled([queue.transaction(insert(1), (v) => committed.push(v)), bad]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(committed).toEqual([]);
    expect(ids()).toEqual([]);
    await queue.transaction(insert(5));
    expect(ids()).toEqual([5]);
  });

  it('commits the open group before a read, which sees it whole, after its afterCommit', async () => {
    const { queue, insert, ids } = open();
    const log: string[] = [];
    const write = queue.transaction(insert(1), () => log.push('committed'));
    const read = queue.read(() => Promise.resolve(log.push(`read ${ids().join(',')}`)));
    const later = queue.transaction(insert(2), () => log.push('committed later'));
    await Promise.all([write, read, later]);
    expect(log).toEqual(['committed', 'read 1', 'committed later']);
  });

  it(`commits at most ${MAX_GROUP} transactions at once`, async () => {
    const { queue, db } = open();
    const log: string[] = [];
    const all = Array.from({ length: MAX_GROUP + 2 }, (_, i) =>
      queue.transaction(
        () => {
          log.push(`run ${i}`);
          db.prepare('INSERT INTO p (id) VALUES (?)').run(i + 1);
          return Promise.resolve();
        },
        () => log.push(`committed ${i}`)
      )
    );
    await Promise.all(all);
    expect(log.indexOf(`committed ${MAX_GROUP - 1}`)).toBeLessThan(log.indexOf(`run ${MAX_GROUP}`));
    expect(log.indexOf(`run ${MAX_GROUP - 1}`)).toBeLessThan(log.indexOf('committed 0'));
  });
});

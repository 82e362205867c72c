import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { BACKSTOP_PAGES, COMMITS_PER_CHECKPOINT, Checkpointer } from '../../../lib/server/storage/sqlite/checkpointer';
import { waitFor } from '../../helpers/wait';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function open() {
  const dir = mkdtempSync(join(tmpdir(), 'rxc-checkpointer-'));
  dirs.push(dir);
  const path = join(dir, 'db.sqlite');
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  const checkpointer = new Checkpointer(db, path);
  /** One commit of about a page. */
  const commit = () => {
    insert.run('x'.repeat(4000));
    checkpointer.committed();
  };
  return { db, path, checkpointer, commit };
}

describe('Checkpointer (the WAL checkpointed on a thread of its own)', () => {
  it('leaves the writing connection a backstop only, and copies the WAL into the database on its thread', async () => {
    const { db, path, checkpointer, commit } = open();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES);
    const before = statSync(path).size;
    for (let i = 0; i < COMMITS_PER_CHECKPOINT - 1; i++) commit();
    // far below the backstop: until now, the new pages are in the WAL only
    expect(statSync(path).size).toBe(before);
    commit();
    await waitFor(
      () => statSync(path).size >= before + (COMMITS_PER_CHECKPOINT - 1) * 4096,
      'the pages of the commits copied into the database file'
    );
    await checkpointer.close();
    db.close();
  });

  it('ends its thread on close, so that the writing connection closes last and removes the WAL', async () => {
    const { db, path, checkpointer, commit } = open();
    for (let i = 0; i < COMMITS_PER_CHECKPOINT * 3; i++) commit();
    await checkpointer.close();
    db.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(new BetterSqlite3(path).prepare('SELECT count(*) AS n FROM t').get()).toEqual({
      n: COMMITS_PER_CHECKPOINT * 3
    });
  });

  it('lets a process whose last work is closing the database finish it (the thread keeps it running meanwhile)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxc-checkpointer-'));
    dirs.push(dir);
    const module = join(__dirname, '../../../lib/server/storage/sqlite/checkpointer.ts');
    const program = `
      const Database = require('better-sqlite3');
      import(${JSON.stringify(module)}).then(async ({ Checkpointer }) => {
        const db = new Database(${JSON.stringify(join(dir, 'db.sqlite'))});
        db.pragma('journal_mode = WAL');
        const checkpointer = new Checkpointer(db, db.name);
        await checkpointer.close();
        db.close();
        console.log('closed');
      });`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', program], { encoding: 'utf8', timeout: 20000 });
    expect({ status: run.status, stdout: run.stdout.trim(), stderr: run.stderr }).toEqual({
      status: 0,
      stdout: 'closed',
      stderr: ''
    });
  });
});

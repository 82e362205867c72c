import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { fuzzArgs } from '../../server/helpers/args-fuzzer';
import { TestClient, closeClients } from '../../server/helpers/client';
import { memoryLogger, startTestServer, stopServers } from '../../server/helpers/server';
import { report } from '../helpers/report';

/** Frames in all (npm test runs 1,500 of the same in spec/server/socket/fuzz-args.spec.ts). */
const FRAMES = 24_000;
const IDENTITIES = ['fz-1', 'fz-2', 'fz-3', 'fz-4'];

describe('bad input: fuzzed command arguments', () => {
  let dir: string;
  afterEach(async () => {
    closeClients();
    await stopServers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('24,000 hostile requests (surrogates, NUL, depth, big numbers, __proto__): no Internal, text intact', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxc-fuzz-args-'));
    const database = join(dir, 'fuzz.db');
    const logger = memoryLogger();
    // rate limits off: the frames come as fast as four connections carry them
    const server = await startTestServer({
      database,
      logger,
      durability: 'normal',
      framesPerSecond: 0,
      identityRequestsPerSecond: 0
    });
    const started = Date.now();
    const tally = await fuzzArgs(server, IDENTITIES, FRAMES, 20_26);
    const seconds = (Date.now() - started) / 1000;

    // still up and serving
    const after = await TestClient.connect(server.url, await server.issueToken('after'));
    expect(await after.call('listMyConversations')).toEqual({ items: [], nextCursor: null });
    expect(logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
    closeClients();
    await stopServers();
    const db = new BetterSqlite3(database, { readonly: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    const foreignKeys = db.pragma('foreign_key_check') as unknown[];
    db.close();
    report('fuzz-args', { ...tally, seconds: +seconds.toFixed(1), integrity, foreignKeyProblems: foreignKeys.length });
    expect(tally.frames).toBe(FRAMES);
    expect(tally.errorsByCode[50000]).toBeUndefined();
    expect(integrity).toBe('ok');
    expect(foreignKeys).toEqual([]);
  }, 240_000);
});

/**
 * search: reactions, replies, mentions and search (beyond the reference), on the real storage.
 *
 *   - search over N messages (1,000,000; `--quick` 20,000) in a SQLite file, through the repository:
 *     p50/p99 per query of one- and two-word queries, for a user in every conversation and for one
 *     in 5 of them (the matches of the others are skipped). Goal: p99 ≤ 50 ms.
 *   - the full-text index's size per message, beside the messages table's. Goal: index ≤ table.
 *   - inserts with the index kept in step (the triggers) against the same inserts without it,
 *     interleaved fresh databases, each round's pair a ratio; the median ratio and its spread: bare
 *     repository inserts (2,000 a transaction; the index's own cost), and sends through the real
 *     server (a socket, 64 in flight: what a user sees). Goal for the sends: ratio ≥ 0.8 in three
 *     rounds of four.
 *   - reaction fan-out: a reaction in a 100-member conversation, from the request to the last
 *     member's socket (the real server, raw sockets). p50/p99.
 *
 * Bodies are 4 to 16 words drawn from a 20,000-word vocabulary with Zipf frequencies; queries use
 * words of rank 20 to 2,000 (one word) and pairs of rank 5 to 500 (two words).
 *
 * With `--postgres <url>` (an empty database to use), the search figures are measured on PostgreSQL
 * too (the GIN index's size against the messages table's); the cluster's engine.
 *
 * Run: `node --import tsx --expose-gc bench/search.ts [--quick] [--postgres <url>] [--only <parts>]`, with
 * `--only` a comma-separated list of inserts, sends, search, fan-out (all by default). Profile the sends:
 * `node --cpu-prof --cpu-prof-dir=prof --import tsx bench/search.ts --only sends`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startServer } from '../lib/server';
import type { MessageRecord } from '../lib/server/storage/records';
import { openSqliteStorage } from '../lib/server/storage/sqlite/sqlite-storage';
import type { Storage } from '../lib/server/storage/storage';
import pg from 'pg';
import { openPostgresStorage } from '../lib/server/storage/postgres/pg-storage';
import { flagValue, hasFlag, random } from './lib/measure';
import { RawSocket, pump } from './lib/raw-socket';
import { type PairedRun, printTable, record } from './lib/report';
import { seed } from './lib/seed';
import { percentile } from './lib/stats';

const quick = hasFlag('--quick');
const postgresUrl = flagValue('--postgres');
const PARTS = ['inserts', 'sends', 'search', 'fan-out'] as const;
const only = flagValue('--only')?.split(',') ?? [...PARTS];
for (const part of only) {
  if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only takes some of ${PARTS.join(', ')}`);
}
const runs = (part: (typeof PARTS)[number]) => only.includes(part);
const MESSAGES = quick ? 20_000 : 1_000_000;
const CONVERSATIONS = 100;
const QUERIES = quick ? 50 : 400;
const INSERT_MESSAGES = quick ? 5_000 : 50_000;
const INSERT_ROUNDS = quick ? 2 : 5;
const SENDS = quick ? 2_000 : 10_000;
const MEMBERS = 100;
const REACTIONS = quick ? 20 : 100;
const VOCABULARY = 20_000;

const dir = mkdtempSync(join(tmpdir(), 'rxc-search-'));
const next = random(19);

/** Pseudo-words: two or three syllables, distinct by rank. */
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'pe', 'da', 'gu', 'zi', 'bo', 'fe', 'ho', 'ju'];
const word = (rank: number) => {
  let text = '';
  let n = rank + SYLLABLES.length;
  while (n > 0) {
    text += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return text;
};
const words = Array.from({ length: VOCABULARY }, (_, rank) => word(rank));
// Zipf: the cumulative weights of 1/rank, drawn by binary search
const cumulative = new Float64Array(VOCABULARY);
for (let r = 0, sum = 0; r < VOCABULARY; r++) cumulative[r] = sum += 1 / (r + 1);
const zipf = () => {
  const target = next() * cumulative[VOCABULARY - 1];
  let lo = 0;
  let hi = VOCABULARY - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
const body = () => Array.from({ length: 4 + Math.floor(next() * 13) }, () => words[zipf()]).join(' ');
const rankBetween = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo));

function messageRecord(conversationSid: string, index: number, at: number): MessageRecord {
  return {
    sid: `IM${conversationSid.slice(2)}${index.toString(16).padStart(12, '0')}`,
    conversationSid,
    index,
    author: 'bot',
    participantSid: null,
    body: body(),
    attributes: {},
    type: 'text',
    media: [],
    contentSid: null,
    dateCreated: at,
    dateUpdated: at,
    lastUpdatedBy: null,
    key: null
  };
}

/** N messages over the conversations, round robin, in transactions of 2,000; answers the inserts per second. */
async function fill(storage: Storage, sids: readonly string[], count: number): Promise<number> {
  const start = performance.now();
  for (let from = 0; from < count; from += 2000) {
    await storage.transaction(async (tx) => {
      for (let i = from; i < Math.min(count, from + 2000); i++) {
        await tx.insertMessage(messageRecord(sids[i % sids.length], Math.floor(i / sids.length), i));
      }
    });
  }
  return count / ((performance.now() - start) / 1000);
}

/** A storage on a fresh file with the conversations, alice in all and bob in 5; without the index when asked. */
async function fresh(
  name: string,
  index: boolean,
  url?: string
): Promise<{ storage: Storage; sids: string[]; path: string }> {
  const path = join(dir, `${name}.db`);
  rmSync(path, { force: true });
  const storage = url ? await openPostgresStorage({ url }) : await openSqliteStorage({ path, durability: 'normal' });
  if (!index) {
    const raw = new BetterSqlite3(path);
    raw.exec('DROP TRIGGER messages_fts_insert; DROP TRIGGER messages_fts_update; DROP TRIGGER messages_fts_delete');
    raw.close();
  }
  const sids = Array.from({ length: CONVERSATIONS }, (_, c) => `CH${c.toString(16).padStart(32, '0')}`);
  await storage.transaction(async (tx) => {
    for (const [c, sid] of sids.entries()) {
      await tx.insertConversation({
        sid,
        uniqueName: null,
        friendlyName: `c${c}`,
        attributes: {},
        createdBy: 'alice',
        isPrivate: true,
        dateCreated: 0,
        dateUpdated: 0,
        state: { current: 'active', dateUpdated: 0 },
        lastMessage: null,
        messagesCount: 0,
        participantsCount: 0,
        nextMessageIndex: 0,
        lastActivity: 0
      });
      for (const identity of c < 5 ? ['alice', 'bob'] : ['alice']) {
        await tx.insertParticipant({
          sid: `MB${identity}${c}`,
          conversationSid: sid,
          identity,
          type: 'chat',
          role: 'user',
          attributes: {},
          dateCreated: 0,
          dateUpdated: 0,
          lastReadMessageIndex: null,
          lastReadTimestamp: null,
          lastDeliveredMessageIndex: null,
          notificationLevel: 'default',
          lastDeliveredTimestamp: null
        });
      }
    }
  });
  return { storage, sids, path };
}

async function searchFigures(url?: string): Promise<void> {
  const engine = url ? 'PostgreSQL' : 'SQLite';
  const { storage, sids, path } = await fresh('search', true, url);
  await fill(storage, sids, MESSAGES);
  if (url) await analyze(url);
  for (const [identity, label] of [
    ['alice', 'in every conversation'],
    ['bob', 'in 5 of 100']
  ] as const) {
    for (const terms of [1, 2]) {
      const times: number[] = [];
      let found = 0;
      for (let q = 0; q < QUERIES; q++) {
        const query =
          terms === 1 ? [words[rankBetween(20, 2000)]] : [words[rankBetween(5, 500)], words[rankBetween(5, 500)]];
        const start = performance.now();
        found += (await storage.read((r) => r.searchMessages(identity, query, null, null, 21))).length;
        times.push(performance.now() - start);
      }
      const params = { engine, messages: MESSAGES, words: terms, user: label, meanHits: Math.round(found / QUERIES) };
      record({ benchmark: 'search', params: { ...params, at: 'p50' }, value: percentile(times, 0.5), unit: 'ms' });
      const p99 = percentile(times, 0.99);
      record({
        benchmark: 'search',
        params: { ...params, at: 'p99' },
        value: p99,
        unit: 'ms',
        goal: 'p99 ≤ 50 ms',
        met: p99 <= 50
      });
    }
  }
  await storage.close();
  const { index, table } = url ? await postgresSizes(url) : sqliteSizes(path);
  record({
    benchmark: 'search',
    params: { engine, messages: MESSAGES, what: 'index bytes per message' },
    value: index / MESSAGES,
    unit: 'B',
    floor: table / MESSAGES,
    goal: 'index ≤ messages table',
    met: index <= table
  });
}

/** The FTS5 index's pages and the messages table's, in bytes. */
function sqliteSizes(path: string): { index: number; table: number } {
  const raw = new BetterSqlite3(path, { readonly: true });
  const size = (like: string) =>
    (raw.prepare(`SELECT COALESCE(SUM(pgsize), 0) AS n FROM dbstat WHERE name LIKE ?`).get(like) as { n: number }).n;
  const sizes = { index: size('messages_fts%'), table: size('messages') };
  raw.close();
  return sizes;
}

/** Updates PostgreSQL's statistics, as autovacuum would after a bulk load (the planner needs them). */
async function analyze(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('ANALYZE');
  await client.end();
}

/** The GIN index and the messages table (with its tsvector column, without its indexes), in bytes. */
async function postgresSizes(url: string): Promise<{ index: number; table: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ index: string; table: string }>(
    `SELECT pg_relation_size('messages_search') AS index, pg_table_size('messages') AS table`
  );
  await client.end();
  return { index: Number(rows[0].index), table: Number(rows[0].table) };
}

/**
 * Runs `rate` with the index and without it, interleaved (the order alternating by round), and pairs
 * each round's two figures: the one with the index is the value, the one without its floor.
 */
async function pairedRounds(rate: (index: boolean) => Promise<number>): Promise<PairedRun[]> {
  const runs: PairedRun[] = [];
  for (let round = 0; round < INSERT_ROUNDS; round++) {
    const figures = new Map<boolean, number>();
    for (const index of round % 2 === 0 ? [true, false] : [false, true]) figures.set(index, await rate(index));
    runs.push({ value: figures.get(true) as number, floor: figures.get(false) as number });
  }
  return runs;
}

async function insertFigures(): Promise<void> {
  const runs = await pairedRounds(async (index) => {
    const { storage, sids } = await fresh(index ? 'with' : 'without', index);
    const rate = await fill(storage, sids, INSERT_MESSAGES);
    await storage.close();
    return rate;
  });
  record({
    benchmark: 'search',
    params: { what: 'bare inserts with the index kept in step', messages: INSERT_MESSAGES, rounds: INSERT_ROUNDS },
    unit: 'messages/s',
    runs
  });
}

/**
 * Sends through the real server (sockets, domain, group commit), with or without the index; answers sends per second.
 */
async function sendRate(index: boolean): Promise<number> {
  const path = join(dir, `sends-${index}.db`);
  rmSync(path, { force: true });
  const { conversationSids } = await seed({ path, conversations: 10, members: () => ['alice', 'bob'], messages: 0 });
  if (!index) {
    const raw = new BetterSqlite3(path);
    raw.exec('DROP TRIGGER messages_fts_insert; DROP TRIGGER messages_fts_update; DROP TRIGGER messages_fts_delete');
    raw.close();
  }
  const server = await startServer({
    database: path,
    logger: { info() {}, warn() {}, error() {} },
    identityRequestsPerSecond: 0,
    framesPerSecond: 0
  });
  const socket = await RawSocket.connect(server.url, await server.issueToken('alice'));
  const start = performance.now();
  await pump(socket, conversationSids, SENDS, 64, () => body());
  const rate = SENDS / ((performance.now() - start) / 1000);
  await socket.close();
  await server.close();
  return rate;
}

async function sendFigures(): Promise<void> {
  record({
    benchmark: 'search',
    params: { what: 'sends through the server with the index kept in step', sends: SENDS, rounds: INSERT_ROUNDS },
    unit: 'messages/s',
    runs: await pairedRounds(sendRate),
    goal: 'ratio ≥ 0.8',
    meets: (value, floor) => value / floor >= 0.8
  });
}

async function fanOutFigures(): Promise<void> {
  const path = join(dir, 'fan-out.db');
  const members = Array.from({ length: MEMBERS }, (_, i) => `member${i}`);
  const { conversationSids } = await seed({ path, conversations: 1, members: () => members, messages: 1 });
  const server = await startServer({
    database: path,
    logger: { info() {}, warn() {}, error() {} },
    identityRequestsPerSecond: 0,
    framesPerSecond: 0
  });
  const sockets = await Promise.all(
    members.map(async (m) => RawSocket.connect(server.url, await server.issueToken(m)))
  );
  const conversationSid = conversationSids[0];
  const first = (await sockets[0].request('getMessages', { conversationSid, pageSize: 1 })).result as {
    items: { sid: string }[];
  };
  const messageSid = first.items[0].sid;
  let arrived = 0;
  let done: () => void = () => undefined;
  for (const socket of sockets) {
    socket.onOther = (text) => {
      if (text.includes('"messageReactionsUpdated"') && ++arrived === MEMBERS) done();
    };
  }
  const times: number[] = [];
  for (let r = 0; r < REACTIONS; r++) {
    arrived = 0;
    const all = new Promise<void>((resolve) => (done = resolve));
    const start = performance.now();
    // each member in turn adds a reaction, then takes it back: every request changes the summary
    const reactor = sockets[Math.floor(r / 2) % MEMBERS];
    const key = 'k';
    await reactor.request(r % 2 === 0 ? 'addReaction' : 'removeReaction', { conversationSid, messageSid, key });
    await all;
    times.push(performance.now() - start);
  }
  for (const at of [0.5, 0.99]) {
    record({
      benchmark: 'search',
      params: { what: 'reaction fan-out', members: MEMBERS, reactions: REACTIONS, at: `p${at * 100}` },
      value: percentile(times, at),
      unit: 'ms'
    });
  }
  await Promise.all(sockets.map((s) => s.close()));
  await server.close();
}

async function main(): Promise<void> {
  try {
    if (runs('inserts')) await insertFigures();
    if (runs('sends')) await sendFigures();
    if (runs('search')) await searchFigures();
    if (runs('search') && postgresUrl) await searchFigures(postgresUrl);
    if (runs('fan-out')) await fanOutFigures();
    printTable();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

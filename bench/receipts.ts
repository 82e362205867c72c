/**
 * receipts: the cost of deriving every held message's aggregated receipt from a roster's
 * horizons on the client, as the receipt watcher does after each roster change.
 *
 * Compared, medians of several runs: `receiptCounter` (horizons sorted once per roster, then a
 * binary search per message) against a plain count over the roster for each message (what a
 * per-message selector does). P participants, a window of M messages, horizons spread at random.
 *
 * Run: `npx tsx bench/receipts.ts` (or `--quick`). Prints one JSON line per case, then a table.
 */
import type { MessageData, ParticipantData } from '../lib/protocol';
import { receiptCounter } from '../lib/client/store/receipt-counter';
import { hasFlag, median, random, time } from './lib/measure';

const quick = hasFlag('--quick');
const CASES = quick
  ? [{ p: 100, m: 200 }]
  : [
      { p: 50, m: 500 },
      { p: 500, m: 1000 },
      { p: 1000, m: 1000 }
    ];
const RUNS = quick ? 3 : 9;

function roster(p: number, m: number, next: () => number): Record<string, ParticipantData> {
  const bySid: Record<string, ParticipantData> = {};
  for (let i = 0; i < p; i++) {
    const read = next() < 0.2 ? null : Math.floor(next() * m);
    bySid[`MB${i}`] = {
      sid: `MB${i}`,
      conversationSid: 'CH1',
      identity: `u${i}`,
      type: 'chat',
      role: 'user',
      attributes: {},
      dateCreated: 0,
      dateUpdated: 0,
      lastReadMessageIndex: read,
      lastReadTimestamp: null,
      lastDeliveredMessageIndex: read === null ? null : Math.min(m - 1, read + Math.floor(next() * 20))
    };
  }
  return bySid;
}

function messages(m: number): MessageData[] {
  return Array.from({ length: m }, (_, index) => ({
    sid: `IM${index}`,
    conversationSid: 'CH1',
    index,
    author: `u${index % 7}`,
    participantSid: `MB${index % 7}`,
    body: 'x',
    attributes: {},
    type: 'text',
    media: [],
    contentSid: null,
    dateCreated: 0,
    dateUpdated: 0,
    lastUpdatedBy: null,
    key: null
  }));
}

function naive(bySid: Record<string, ParticipantData>, message: MessageData) {
  let total = 0;
  let delivered = 0;
  let read = 0;
  for (const sid in bySid) {
    const p = bySid[sid];
    if (p.sid === message.participantSid) continue;
    total++;
    const r = p.lastReadMessageIndex !== null && p.lastReadMessageIndex >= message.index;
    if (r) read++;
    if (r || (p.lastDeliveredMessageIndex !== null && p.lastDeliveredMessageIndex >= message.index)) delivered++;
  }
  return { total, delivered, read };
}

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const { p, m } of CASES) {
    const next = random(p * 31 + m);
    const window = messages(m);
    const sorted: number[] = [];
    const plain: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const bySid = roster(p, m, next);
      sorted.push(
        await time(() => {
          const count = receiptCounter(bySid);
          for (const message of window) count(message);
        })
      );
      plain.push(
        await time(() => {
          for (const message of window) naive(bySid, message);
        })
      );
    }
    const result = {
      bench: 'receipts',
      participants: p,
      messages: m,
      sortedMs: median(sorted),
      naiveMs: median(plain)
    };
    console.log(JSON.stringify(result));
    rows.push(`| ${p} | ${m} | ${result.sortedMs.toFixed(3)} | ${result.naiveMs.toFixed(3)} |`);
  }
  console.log(
    '\n| participants | messages | receiptCounter (ms) | per-message count (ms) |\n|---|---|---|---|\n' +
      rows.join('\n')
  );
}

void main();

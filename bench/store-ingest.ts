/**
 * store-ingest (issue 6, item 1): a store preloaded with C conversations × M messages takes E mixed
 * events (mostly messageAdded; some participantUpdated, typingStarted, conversationUpdated).
 *
 * Compared, in the same run, medians of several runs each:
 *   - the library's Store, events dispatched in batches the way a busy socket delivers them
 *     (1,000 per tick, then 10,000, each tick flushed by the store's own microtask), and all of
 *     them in one batch;
 *   - one immer produce per event through the same reducer (`reduce(state, [event])`);
 *   - the floor: hand-written in-place mutation of an equivalent plain structure, doing the same
 *     bookkeeping (seq check, insert into the chunk, last-message preview, counts, unread, typing,
 *     pending reconciliation, reasons, the same emission records) without immutability.
 *
 * Figures are events per second of process CPU time (all threads, the garbage collector's included),
 * which a shared machine disturbs far less than the wall clock; `--wall` uses the wall clock.
 *
 * Run: `npx tsx bench/store-ingest.ts` (full) or `--quick` (a smoke run for CI). To profile one
 * variant alone: `node --cpu-prof --import tsx bench/store-ingest.ts --only batched` (or floor,
 * bigBatches, oneBatch, perEvent); nothing is recorded then.
 */
import type { ConversationData, LastMessageData, MessageData, ParticipantData } from '../lib/protocol';
import type { Action } from '../lib/client/store/actions';
import type { Emission } from '../lib/client/store/emissions';
import { createInitialState } from '../lib/client/store/initial-state';
import { reduce } from '../lib/client/store/reducer';
import { dataReasons, participantReasons } from '../lib/client/store/reducer/reasons';
import { CHUNK_SIZE, type PendingMessage, type State } from '../lib/client/store/state';
import { Store } from '../lib/client/store/store';
import { collectGarbage, flagValue, hasFlag, median, random, timing, type Timing } from './lib/measure';
import { printTable, record } from './lib/report';

const quick = hasFlag('--quick');
const only = flagValue('--only');
/** The clock the figures come from: CPU time of the process unless `--wall`. */
const CLOCK: keyof Timing = hasFlag('--wall') ? 'wall' : 'cpu';
const SIZE = quick
  ? { conversations: 50, messages: 20, events: 5_000, batch: 100, bigBatch: 1_000, perEvent: 2_000, runs: 5 }
  : { conversations: 1_000, messages: 100, events: 100_000, batch: 1_000, bigBatch: 10_000, perEvent: 10_000, runs: 7 };
const MIX = { messageAdded: 0.85, participantUpdated: 0.06, typingStarted: 0.05, conversationUpdated: 0.04 };
const ME = 'me';
const OTHERS = ['bob', 'carol', 'dave'];
const SEED = 6;

// ---------------------------------------------------------------------------------------------
// Workload

const sidOf = (c: number) => `CH${String(c).padStart(6, '0')}`;

function conversationData(
  c: number,
  last: LastMessageData | null,
  count: number,
  name = `Conversation ${c}`
): ConversationData {
  return {
    sid: sidOf(c),
    uniqueName: null,
    friendlyName: name,
    attributes: { topic: 'support', priority: c % 3 },
    createdBy: ME,
    isPrivate: true,
    dateCreated: 1_600_000_000_000 + c,
    dateUpdated: 1_600_000_000_000 + c,
    state: { current: 'active', dateUpdated: 1_600_000_000_000 },
    lastMessage: last,
    messagesCount: count,
    participantsCount: 1 + OTHERS.length
  };
}

function participantData(
  c: number,
  identity: string,
  read: number | null,
  delivered: number | null,
  at: number
): ParticipantData {
  return {
    sid: `MB${c}-${identity}`,
    conversationSid: sidOf(c),
    identity,
    type: 'chat',
    role: 'user',
    attributes: {},
    dateCreated: 1_600_000_000_000,
    dateUpdated: at,
    lastReadMessageIndex: read,
    lastReadTimestamp: read === null ? null : at,
    lastDeliveredMessageIndex: delivered
  };
}

function messageData(c: number, index: number, author: string, at: number): MessageData {
  return {
    sid: `IM${c}-${index}`,
    conversationSid: sidOf(c),
    index,
    author,
    participantSid: `MB${c}-${author}`,
    body: `Message ${index} in conversation ${c}: a body of about a hundred characters, as chat messages go.`,
    attributes: {},
    type: 'text',
    media: [],
    contentSid: null,
    dateCreated: at,
    dateUpdated: at,
    lastUpdatedBy: null,
    key: `key-${c}-${index}`
  };
}

function preview(m: MessageData): LastMessageData {
  return { index: m.index, sid: m.sid, author: m.author, body: m.body, type: m.type, dateCreated: m.dateCreated };
}

/**
 * The state before the events: every conversation joined, its roster loaded, its newest M messages
 * held, horizon at the end.
 */
function preloaded(): State {
  const actions: Action[] = [
    { type: 'sessionStarted', identity: ME, position: 0, resume: 'fresh', reachabilityEnabled: true }
  ];
  const items = [];
  const rest: Action[] = [];
  for (let c = 0; c < SIZE.conversations; c++) {
    const messages = Array.from({ length: SIZE.messages }, (_, i) =>
      messageData(c, i, OTHERS[i % OTHERS.length], 1_600_000_000_000 + i)
    );
    const last = messages.length > 0 ? preview(messages[messages.length - 1]) : null;
    const me = participantData(c, ME, SIZE.messages - 1, SIZE.messages - 1, 1_600_000_000_000);
    items.push({
      conversation: conversationData(c, last, SIZE.messages),
      participant: me,
      unreadCount: 0,
      notificationLevel: 'default' as const
    });
    rest.push({
      type: 'participantsLoaded',
      conversationSid: sidOf(c),
      items: [me, ...OTHERS.map((o) => participantData(c, o, null, null, 1_600_000_000_000))]
    });
    rest.push({ type: 'messagesLoaded', conversationSid: sidOf(c), items: messages });
  }
  actions.push({ type: 'conversationsLoaded', items }, ...rest);
  return reduce(createInitialState(), actions).state;
}

/**
 * E events with strictly increasing seqs (typing signals have none), the same for the same seed; fresh
 * objects every call.
 */
function workload(seed: number): Action[] {
  const rnd = random(seed);
  const next = new Array<number>(SIZE.conversations).fill(SIZE.messages);
  const last: (LastMessageData | null)[] = new Array<LastMessageData | null>(SIZE.conversations).fill(null);
  const names = new Array<number>(SIZE.conversations).fill(0);
  const actions: Action[] = [];
  let seq = 0;
  let clock = 1_700_000_000_000;
  for (let e = 0; e < SIZE.events; e++) {
    clock += 1;
    const c = Math.floor(rnd() * SIZE.conversations);
    const who = OTHERS[Math.floor(rnd() * OTHERS.length)];
    const kind = rnd();
    if (kind < MIX.messageAdded) {
      const message = messageData(c, next[c]++, who, clock);
      last[c] = preview(message);
      actions.push({ type: 'server', event: { seq: ++seq, name: 'messageAdded', data: { message } } });
    } else if (kind < MIX.messageAdded + MIX.participantUpdated) {
      const top = next[c] - 1;
      const participant = participantData(c, who, top - Math.floor(rnd() * 3), top, clock);
      actions.push({ type: 'server', event: { seq: ++seq, name: 'participantUpdated', data: { participant } } });
    } else if (kind < MIX.messageAdded + MIX.participantUpdated + MIX.typingStarted) {
      actions.push({
        type: 'server',
        event: {
          name: 'typingStarted',
          data: { conversationSid: sidOf(c), participantSid: `MB${c}-${who}`, identity: who, timeoutMs: 5_000 }
        }
      });
    } else {
      const lastMessage =
        last[c] ??
        preview(
          messageData(
            c,
            SIZE.messages - 1,
            OTHERS[(SIZE.messages - 1) % OTHERS.length],
            1_600_000_000_000 + SIZE.messages - 1
          )
        );
      const conversation = conversationData(c, lastMessage, next[c], `Conversation ${c} (${++names[c]})`);
      actions.push({ type: 'server', event: { seq: ++seq, name: 'conversationUpdated', data: { conversation } } });
    }
  }
  return actions;
}

// ---------------------------------------------------------------------------------------------
// The floor: the same bookkeeping, mutating plain objects in place.

interface PlainConversation {
  data: { -readonly [K in keyof ConversationData]: ConversationData[K] };
  lastReadMessageIndex: number | null;
  unreadCount: number | null;
  roster: Map<string, ParticipantData>;
  chunks: Map<number, (MessageData | undefined)[]>;
  size: number;
  pending: PendingMessage[];
  typing: Set<string>;
}

interface PlainStore {
  identity: string;
  position: number;
  cacheSize: number;
  conversations: Map<string, PlainConversation>;
}

function plainFrom(state: State): PlainStore {
  const conversations = new Map<string, PlainConversation>();
  for (const [sid, entry] of Object.entries(state.conversations)) {
    const window = state.messages[sid];
    conversations.set(sid, {
      data: { ...entry.data },
      lastReadMessageIndex: entry.lastReadMessageIndex,
      unreadCount: entry.unreadCount,
      roster: new Map(Object.entries(state.participants[sid]?.bySid ?? {})),
      chunks: new Map((window?.chunkKeys ?? []).map((key, at) => [key, [...(window?.chunkList[at] ?? [])]])),
      size: window?.size ?? 0,
      pending: [...(window?.pending ?? [])],
      typing: new Set()
    });
  }
  return {
    identity: state.session.identity ?? '',
    position: state.session.position,
    cacheSize: state.config.messageCacheSize,
    conversations
  };
}

function plainApply(store: PlainStore, action: Action, out: Emission[]): void {
  if (action.type !== 'server') return;
  const event = action.event;
  if (event.seq !== undefined) {
    if (event.seq <= store.position) return;
    store.position = event.seq;
  }
  switch (event.name) {
    case 'messageAdded': {
      const m = event.data.message;
      const conversation = store.conversations.get(m.conversationSid);
      if (conversation === undefined) return;
      const key = Math.floor(m.index / CHUNK_SIZE);
      let chunk = conversation.chunks.get(key);
      const last = conversation.data.lastMessage;
      if (chunk?.[m.index - key * CHUNK_SIZE] !== undefined && last !== null && last.index >= m.index) return;
      if (m.participantSid !== null && conversation.typing.delete(m.participantSid)) {
        out.push({ type: 'typingEnded', conversationSid: m.conversationSid, participantSid: m.participantSid });
      }
      if (chunk === undefined) conversation.chunks.set(key, (chunk = []));
      if (chunk[m.index - key * CHUNK_SIZE] === undefined) conversation.size += 1;
      chunk[m.index - key * CHUNK_SIZE] = m;
      if (m.key !== null && conversation.pending.length > 0)
        conversation.pending = conversation.pending.filter((p) => p.key !== m.key || p.author !== m.author);
      const newest = last === null || m.index >= last.index;
      if (newest) {
        const body = m.body !== null && m.body.length > 256 ? m.body.slice(0, 256) : m.body;
        conversation.data.lastMessage = {
          index: m.index,
          sid: m.sid,
          author: m.author,
          body,
          type: m.type,
          dateCreated: m.dateCreated
        };
      }
      conversation.data.messagesCount += 1;
      if (conversation.unreadCount !== null && m.index > (conversation.lastReadMessageIndex ?? -1))
        conversation.unreadCount += 1;
      if (conversation.size > store.cacheSize) evictPlain(conversation, key, store.cacheSize);
      out.push({ type: 'messageAdded', conversationSid: m.conversationSid, index: m.index });
      if (newest)
        out.push({ type: 'conversationUpdated', conversationSid: m.conversationSid, reasons: ['lastMessage'] });
      return;
    }
    case 'participantUpdated': {
      const p = event.data.participant;
      const conversation = store.conversations.get(p.conversationSid);
      if (conversation === undefined) return;
      const prev = conversation.roster.get(p.sid);
      conversation.roster.set(p.sid, p);
      if (prev === undefined) return;
      const reasons = participantReasons(prev, p);
      if (reasons.length > 0)
        out.push({ type: 'participantUpdated', conversationSid: p.conversationSid, participantSid: p.sid, reasons });
      return;
    }
    case 'typingStarted': {
      const data = event.data;
      if (data.identity === store.identity) return;
      const conversation = store.conversations.get(data.conversationSid);
      if (conversation === undefined || conversation.typing.has(data.participantSid)) return;
      conversation.typing.add(data.participantSid);
      out.push({ type: 'typingStarted', conversationSid: data.conversationSid, participantSid: data.participantSid });
      return;
    }
    case 'conversationUpdated': {
      const next = event.data.conversation;
      const conversation = store.conversations.get(next.sid);
      if (conversation === undefined) return;
      const reasons = dataReasons(conversation.data, next);
      conversation.data = { ...next };
      if (reasons.length > 0) out.push({ type: 'conversationUpdated', conversationSid: next.sid, reasons });
      return;
    }
    default:
      throw new Error(`the floor does not handle ${event.name}`);
  }
}

function evictPlain(conversation: PlainConversation, touched: number, cap: number): void {
  const victims = [...conversation.chunks.keys()]
    .filter((key) => key !== touched)
    .sort((a, b) => Math.abs(b - touched) - Math.abs(a - touched) || a - b);
  for (const key of victims) {
    if (conversation.size <= cap) return;
    conversation.size -= conversation.chunks.get(key)?.filter((m) => m !== undefined).length ?? 0;
    conversation.chunks.delete(key);
  }
}

// ---------------------------------------------------------------------------------------------
// Runs

interface Summary {
  held: number;
  counted: number;
  unread: number;
  typing: number;
  emissions: number;
}

function summarizeState(state: State, emissions: number): Summary {
  let held = 0;
  let counted = 0;
  let unread = 0;
  let typing = 0;
  for (const [sid, entry] of Object.entries(state.conversations)) {
    held += state.messages[sid]?.size ?? 0;
    counted += entry.data.messagesCount;
    unread += entry.unreadCount ?? 0;
    typing += Object.keys(state.typing[sid] ?? {}).length;
  }
  return { held, counted, unread, typing, emissions };
}

function summarizePlain(store: PlainStore, emissions: number): Summary {
  let held = 0;
  let counted = 0;
  let unread = 0;
  let typing = 0;
  for (const conversation of store.conversations.values()) {
    held += conversation.size;
    counted += conversation.data.messagesCount;
    unread += conversation.unreadCount ?? 0;
    typing += conversation.typing.size;
  }
  return { held, counted, unread, typing, emissions };
}

function same(a: Summary, b: Summary, what: string): void {
  if (JSON.stringify(a) !== JSON.stringify(b))
    throw new Error(`${what} disagrees with the floor: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
}

/**
 * Fresh event objects (the store freezes what it keeps, so no run may reuse another's), with the
 * heap collected after making them: they are old by the time the clock starts, and no variant pays
 * for promoting the workload out of the young generation.
 */
function fresh(events: Action[]): Action[] {
  collectGarbage();
  return events;
}

async function floorRun(base: State, events: Action[]): Promise<Run> {
  const store = plainFrom(base);
  const out: Emission[] = [];
  const ms = await timing(() => {
    for (let i = 0; i < events.length; i++) plainApply(store, events[i], out);
  });
  return { ms, summary: summarizePlain(store, out.length) };
}

async function storeRun(base: State, events: Action[], batch: number): Promise<Run> {
  const store = new Store(base);
  let emitted = 0;
  store.batches$.subscribe((result) => (emitted += result.emissions.length));
  const ms = await timing(async () => {
    for (let i = 0; i < events.length; i += batch) {
      const end = Math.min(events.length, i + batch);
      for (let j = i; j < end; j++) store.dispatch(events[j]);
      await Promise.resolve();
    }
  });
  const summary = summarizeState(store.getState(), emitted);
  store.complete();
  return { ms, summary };
}

async function perEventRun(base: State, events: Action[]): Promise<Run> {
  let state = base;
  let emitted = 0;
  const ms = await timing(() => {
    for (let i = 0; i < events.length; i++) {
      const result = reduce(state, [events[i]]);
      state = result.state;
      emitted += result.emissions.length;
    }
  });
  return { ms, summary: summarizeState(state, emitted) };
}

interface Run {
  ms: Timing;
  summary: Summary;
}

/** Each variant, as a function of the preloaded state and a fresh workload. */
const RUNNERS = {
  floor: (base: State, events: Action[]): Promise<Run> => floorRun(base, events),
  batched: (base: State, events: Action[]): Promise<Run> => storeRun(base, events, SIZE.batch),
  bigBatches: (base: State, events: Action[]): Promise<Run> => storeRun(base, events, SIZE.bigBatch),
  oneBatch: (base: State, events: Action[]): Promise<Run> => storeRun(base, events, SIZE.events),
  perEvent: (base: State, events: Action[]): Promise<Run> => perEventRun(base, events.slice(0, SIZE.perEvent))
};
type Variant = keyof typeof RUNNERS;
const VARIANTS = Object.keys(RUNNERS) as Variant[];

async function profile(variant: string): Promise<void> {
  if (!VARIANTS.includes(variant as Variant)) throw new Error(`--only takes one of ${VARIANTS.join(', ')}`);
  const base = preloaded();
  for (let run = 0; run < SIZE.runs; run++) {
    const result = await RUNNERS[variant as Variant](base, fresh(workload(SEED)));
    console.log(`${variant}: ${Math.round(result.ms.wall)} ms wall, ${Math.round(result.ms.cpu)} ms cpu`);
  }
}

async function main(): Promise<void> {
  if (only !== undefined) return profile(only);
  const base = preloaded();
  const times = Object.fromEntries(VARIANTS.map((variant) => [variant, [] as number[]])) as Record<Variant, number[]>;
  for (let run = -1; run < SIZE.runs; run++) {
    const results = {} as Record<Variant, Run>;
    for (const variant of VARIANTS) results[variant] = await RUNNERS[variant](base, fresh(workload(SEED)));
    for (const variant of ['batched', 'bigBatches', 'oneBatch'] as const)
      same(results[variant].summary, results.floor.summary, `the store (${variant})`);
    if (run < 0) continue; // the first round warms the JIT up
    for (const variant of VARIANTS) times[variant].push(results[variant].ms[CLOCK]);
  }
  const rate = (ms: number[], events: number) => (events / median(ms)) * 1000;
  const eventsOf = (variant: Variant) => (variant === 'perEvent' ? SIZE.perEvent : SIZE.events);
  /** Each run's rate of `variant` beside the same run's rate of `against` (they ran one after the other). */
  const paired = (variant: Variant, against: Variant) =>
    times[variant].map((ms, i) => ({
      value: (eventsOf(variant) / ms) * 1000,
      floor: (eventsOf(against) / times[against][i]) * 1000
    }));
  const third = { goal: '≥ 1/3 of the floor', meets: (value: number, floor: number) => value >= floor / 3 };
  const params = {
    conversations: SIZE.conversations,
    messagesEach: SIZE.messages,
    events: SIZE.events,
    mix: '85% messageAdded, 6% participantUpdated, 5% typingStarted, 4% conversationUpdated',
    runs: SIZE.runs,
    clock: CLOCK === 'cpu' ? 'process CPU time' : 'wall clock'
  };
  const row = (variant: string, batch: number, against: string, runs: { value: number; floor: number }[]) => ({
    benchmark: 'store-ingest',
    params: { ...params, variant, batch, against },
    unit: 'events/s',
    runs
  });
  record({ ...row('store, batched', SIZE.batch, 'plain mutation', paired('batched', 'floor')), ...third });
  record({
    ...row('store, batched', SIZE.batch, 'one produce per event', paired('batched', 'perEvent')),
    goal: '≥ 10× one produce per event',
    meets: (value, floor) => value >= floor * 10
  });
  record({ ...row('store, batched', SIZE.bigBatch, 'plain mutation', paired('bigBatches', 'floor')), ...third });
  record({ ...row('store, one batch', SIZE.events, 'plain mutation', paired('oneBatch', 'floor')), ...third });
  record({
    benchmark: 'store-ingest',
    params: {
      ...params,
      variant: 'one produce per event',
      batch: 1,
      eventsMeasured: SIZE.perEvent,
      against: 'plain mutation'
    },
    unit: 'events/s',
    runs: paired('perEvent', 'floor')
  });
  record({
    benchmark: 'store-ingest',
    params: { ...params, variant: 'plain mutation (the floor)' },
    value: rate(times.floor, SIZE.events),
    unit: 'events/s'
  });
  printTable();
}

void main();

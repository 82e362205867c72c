import { expect } from '@jest/globals';
import { combineLatest, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  Client,
  ErrorCode,
  createSelector,
  selectClientStatus,
  selectConversation,
  selectConversationRows,
  selectHistory,
  selectMessageViews,
  selectParticipants,
  selectUnreadCount,
  type Message,
  type MessageUpdatedEventArgs,
  type StoreState
} from '../../lib/client';
import { commandsSent, countingSocket } from '../helpers/counting-socket';
import { waitFor } from '../helpers/wait';
import { startServer } from '../../lib/server';
import { Store } from '../../lib/client/store/store';
import { ev, joined, message } from './store/fixtures';
import { clientWorld, quietLogger, type ClientWorld } from './world';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('the reactive client, second edition', () => {
  let world: ClientWorld;
  beforeEach(async () => {
    world = await clientWorld();
  });
  afterEach(() => world.close());

  it('composes selectors without glitches, where combineLatest of two selects shows states never held', () => {
    // two messages, in two conversations, reduced in one batch (one tick), as one frame brings them
    const store = new Store(joined(['A', 'B']));
    const count = (sid: string) => (state: StoreState) => selectConversation(sid)(state)?.data.messagesCount ?? 0;
    const both = createSelector([count('A'), count('B')], (a, b) => `${a}/${b}`);
    const composed: string[] = [];
    const combined: string[] = [];
    store.select(both).subscribe((value) => composed.push(value));
    combineLatest([store.select(count('A')), store.select(count('B'))]).subscribe(([a, b]) =>
      combined.push(`${a}/${b}`)
    );
    store.dispatch(ev.messageAdded(1, message('A', 0)));
    store.dispatch(ev.messageAdded(2, message('B', 0)));
    store.flush();
    expect(composed).toEqual(['0/0', '1/1']);
    expect(combined).toEqual(['0/0', '1/0', '1/1']);
  });

  it('returns frozen results from selectors, so one subscriber cannot re-order another one’s list', async () => {
    const alice = await world.client('alice');
    await alice.createConversation({ friendlyName: 'one' });
    await alice.createConversation({ friendlyName: 'two' });
    const list = await firstValueFrom(alice.select((state: StoreState) => selectConversationRows(state)));
    expect(Object.isFrozen(list)).toBe(true);
    expect(() => (list as unknown as unknown[]).sort()).toThrow(TypeError);
    const rows = selectConversationRows(alice.getState());
    expect(rows.map((row) => row.title).sort()).toEqual(['one', 'two']);
    expect(Object.isFrozen(rows[0])).toBe(true);
  });

  it('keeps a message’s updated$ and on("updated") alive after the app dropped the object and GC ran', async () => {
    const alice = await world.client('alice');
    const conversation = await alice.createConversation();
    const index = await conversation.sendMessage('first');
    const heard: string[] = [];
    await (async () => {
      const [message] = (await conversation.getMessages()).items;
      message.updated$.subscribe(({ message: m }: MessageUpdatedEventArgs) => heard.push(`$:${m.body}`));
      message.on('updated', ({ message: m }) => heard.push(`on:${m.body}`));
    })();
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const again = (await conversation.getMessages()).items.find((m: Message) => m.index === index) as Message;
    await again.updateBody('edited');
    await waitFor(() => heard.length === 2, 'both listeners');
    expect(heard.sort()).toEqual(['$:edited', 'on:edited']);
  });

  it('tells a late subscriber the client status at once, and a failure with its reason', async () => {
    const alice = await world.client('alice');
    expect(await firstValueFrom(alice.select(selectClientStatus))).toEqual({
      phase: 'initialized',
      connection: 'connected',
      error: null,
      source: 'live',
      warning: null
    });
    // a token this server did not sign: denied
    const elsewhere = await startServer({ logger: quietLogger });
    const foreign = await elsewhere.issueToken('eve');
    await elsewhere.close();
    const denied = new Client(foreign, { url: world.server.url });
    await waitFor(() => selectClientStatus(denied.getState()).phase === 'failed', 'the failed status');
    const status = await firstValueFrom(denied.select(selectClientStatus));
    expect(status).toMatchObject({ phase: 'failed', connection: 'denied' });
    expect(status.error?.terminal).toBe(true);
    expect(status.error?.message).toEqual(expect.any(String));
    await denied.shutdown();
  });

  it('loads older history into the store until there is none, with the window bounded', async () => {
    const alice = await world.client('alice');
    const conversation = await alice.createConversation();
    for (let i = 0; i < 90; i++) await conversation.sendMessage(`m${i}`);
    const reader = await world.client('alice', { messageCacheSize: 64 });
    const history = reader.conversation(conversation.sid);
    expect(selectHistory(conversation.sid)(reader.getState())).toMatchObject({ hasOlder: true, loading: false });
    const states: boolean[] = [];
    reader.select(selectHistory(conversation.sid)).subscribe((view) => states.push(view.loading));
    expect(await history.loadOlder(30)).toBe(30);
    expect(states).toEqual([false, true, false]);
    let rounds = 0;
    while (selectHistory(conversation.sid)(reader.getState()).hasOlder && rounds++ < 10) await history.loadOlder(30);
    const final = selectHistory(conversation.sid)(reader.getState());
    expect(final.hasOlder).toBe(false);
    expect(final.error).toBeNull();
    expect(final.messages[0]).toMatchObject({ index: 0, body: 'm0' });
    expect(reader.getState().messages[conversation.sid].size).toBeLessThanOrEqual(64 + 32);
    expect(await history.loadOlder()).toBe(0);
  });

  it('sends, marks read and types through a conversation handle made from a sid, awaiting no lookup', async () => {
    const alice = await world.client('alice');
    const created = await alice.createConversation();
    const bob = await world.rawClient('bob');
    await created.add('bob');
    const handle = bob.conversation(created.sid);
    expect(handle).toBe(bob.conversation(created.sid));
    const index = await handle.sendMessage('hello by sid');
    await handle.setAllMessagesRead();
    await handle.typing();
    expect(index).toBe(0);
    await waitFor(() => selectUnreadCount(created.sid)(bob.getState()) === 0, 'the horizon in the store');
    const views = selectMessageViews(created.sid)(bob.getState());
    expect(views[0]).toMatchObject({ key: expect.any(String), authorName: 'bob', total: 1 });
    expect(['sent', 'delivered']).toContain(views[0].status);
  });

  it('after shutdown: select gives the last value, completes; events fail with shut-down, not EmptyError', async () => {
    const alice = await world.client('alice');
    await alice.shutdown();
    expect(await lastValueFrom(alice.select(selectClientStatus).pipe(toArray()))).toEqual([
      { phase: 'shutdown', connection: 'disconnected', error: null, source: 'live', warning: null }
    ]);
    await expect(firstValueFrom(alice.messageAdded$)).rejects.toMatchObject({ code: ErrorCode.ShutDown });
  });

  it('at shutdown, listeners still hear disconnecting then disconnected, and state$ gives the last state', async () => {
    const alice = await world.client('alice');
    const heard: string[] = [];
    alice.on('connectionStateChanged', (state) => heard.push(state));
    await alice.shutdown();
    expect(heard).toEqual(['disconnecting', 'disconnected']);
    expect((await firstValueFrom(alice.state$)).session.status).toBe('shutdown');
  });

  it('refuses changes to _participants (every reader shares it), and loadOlder of one it does not hold', async () => {
    const alice = await world.client('alice');
    const conversation = await alice.createConversation();
    const participants = conversation._participants;
    expect(participants.size).toBe(1);
    expect(() => participants.clear()).toThrow(/read-only/);
    expect(() => participants.delete('x')).toThrow(/read-only/);
    expect(conversation._participants).toBe(participants);
    await expect(alice.conversation('CH-unknown').loadOlder()).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('calls listeners of events without payload with no argument, as the reference does', async () => {
    const counts: number[] = [];
    const alice = await world.rawClient('alice');
    alice.on('initialized', function (...args: unknown[]) {
      counts.push(args.length);
    });
    await waitFor(() => counts.length === 1, 'initialized');
    expect(counts).toEqual([0]);
  });

  it('answers getParticipants after leave from what the client holds', async () => {
    const alice = await world.client('alice');
    const conversation = await alice.createConversation();
    await conversation.add('bob');
    await conversation.add('carol');
    const bob = await world.client('bob');
    const mine = await bob.getConversationBySid(conversation.sid);
    const removed = firstValueFrom(bob.conversationRemoved$);
    await mine.leave();
    expect(await removed).toBe(mine);
    const participants = await mine.getParticipants();
    expect(participants.map((p) => p.identity).sort()).toEqual(['alice', 'carol']);
    expect([...mine._participants.values()].map((p) => p.identity).sort()).toEqual(['alice', 'carol']);
  });

  it('holds the rosters of joined conversations by the time conversationJoined fires, as _participants', async () => {
    const alice = await world.client('alice');
    const conversation = await alice.createConversation();
    await conversation.add('bob');
    const bob = await world.rawClient('bob');
    const seen: string[][] = [];
    bob.on('conversationJoined', (joined) =>
      seen.push([...joined._participants.values()].map((p) => p.identity ?? '').sort())
    );
    await waitFor(() => seen.length === 1, 'conversationJoined');
    expect(seen).toEqual([['alice', 'bob']]);
  });

  it('holds the roster of a conversation joined live by the time conversationJoined fires', async () => {
    const alice = await world.client('alice');
    const bob = await world.client('bob');
    const conversation = await alice.createConversation();
    await conversation.add('carol');
    const seen: string[][] = [];
    bob.on('conversationJoined', (joined) =>
      seen.push([...joined._participants.values()].map((p) => p.identity ?? '').sort())
    );
    await conversation.add('bob');
    await waitFor(() => seen.length === 1, 'conversationJoined');
    expect(seen).toEqual([['alice', 'bob', 'carol']]);
  });

  it('answers receipts from the store, sending no frame', async () => {
    const alice = await world.client('alice');
    const conversation = await alice.createConversation();
    await conversation.add('bob');
    const bob = await world.client('bob');
    const bobs = await bob.getConversationBySid(conversation.sid);
    await conversation.sendMessage('one');
    await conversation.sendMessage('two');
    await waitFor(() => (bob.getState().messages[conversation.sid]?.size ?? 0) === 2, 'bob has both');
    await bobs.updateLastReadMessageIndex(0);
    await waitFor(
      () =>
        selectParticipants(conversation.sid)(alice.getState()).some(
          (p) => p.identity === 'bob' && p.lastReadMessageIndex === 0
        ),
      'alice holds bob’s horizon'
    );
    const sent: string[] = [];
    const counting = new Client(await world.server.issueToken('alice'), { WebSocket: countingSocket(sent) });
    await waitFor(() => selectClientStatus(counting.getState()).phase === 'initialized', 'the counting client');
    const messages = (await counting.conversation(conversation.sid).getMessages()).items;
    sent.length = 0;
    for (const message of messages) {
      void message.aggregatedDeliveryReceipt;
      await message.getDetailedDeliveryReceipts();
    }
    const [first, second] = await Promise.all(messages.map((m) => m.getDetailedDeliveryReceipts()));
    expect(first.map((r) => [r.identity, r.status])).toEqual([['bob', 'read']]);
    expect(second.map((r) => r.identity)).toEqual(['bob']);
    expect(['sent', 'delivered']).toContain(second[0].status);
    expect(messages[0].aggregatedDeliveryReceipt).toMatchObject({ read: 'all', total: 1 });
    expect(commandsSent(sent)).toEqual([]);
    await counting.shutdown();
  });
});

import { expect } from '@jest/globals';
import 'zone.js';
import {
  EnvironmentInjector,
  createEnvironmentInjector,
  ErrorHandler,
  NgZone,
  provideZoneChangeDetection
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import WebSocketNode from 'ws';
import {
  ErrorCode,
  selectConversationRows,
  selectMentionCount,
  selectMessageViews,
  selectReactions,
  selectReplies,
  selectTotalMentionCount,
  selectTotalUnreadCount,
  type ClientStatus,
  type StoreState
} from '../../lib/client';
import { Conversations, provideConversations, type ConversationsConfig } from '../../lib/angular';
import { startServer } from '../../lib/server';
import { clientWorld, quietLogger, type ClientWorld } from '../client/world';
import { VirtualTime } from '../helpers/virtual-time';
import { waitFor } from '../helpers/wait';
import { initTestBed, watchRejections } from './testbed';
import { decodeJwt } from 'jose';
import { firstValueFrom } from 'rxjs';

initTestBed();

/** An ErrorHandler that keeps what it is given, for the specs to look at. */
class KeptErrors extends ErrorHandler {
  readonly errors: unknown[] = [];
  override handleError(error: unknown): void {
    this.errors.push(error);
  }
}

/** Configures TestBed with zone.js change detection and the conversations provider; returns the service. */
function setup(config: ConversationsConfig): { conversations: Conversations; errors: KeptErrors } {
  const errors = new KeptErrors();
  TestBed.configureTestingModule({
    providers: [provideZoneChangeDetection(), provideConversations(config), { provide: ErrorHandler, useValue: errors }]
  });
  return { conversations: TestBed.inject(Conversations), errors };
}

const phaseAndConnection = (status: ClientStatus) => `${status.phase}/${status.connection}`;

describe('rx-conversations/angular under zone.js', () => {
  let world: ClientWorld;
  beforeEach(async () => {
    world = await clientWorld();
  });
  afterEach(async () => {
    TestBed.resetTestingModule();
    await world.close();
  });

  it('goes initializing → connected, and its signals follow the server: rows, unread, messages', async () => {
    const { conversations } = setup({ token: () => world.server.issueToken('ng') });
    const seen: string[] = [];
    conversations.status$.subscribe((status) => seen.push(phaseAndConnection(status)));
    expect(conversations.status()).toMatchObject({ phase: 'initializing' });
    const rows = TestBed.runInInjectionContext(() => conversations.selectSignal(selectConversationRows));
    const unread = TestBed.runInInjectionContext(() => conversations.selectSignal(selectTotalUnreadCount));
    expect(rows()).toEqual([]);
    await waitFor(
      () => conversations.status().connection === 'connected' && conversations.status().phase === 'initialized',
      'connected'
    );
    expect(seen[0]).toBe('initializing/unknown');
    expect(seen).toContain('initializing/connecting');
    expect(seen[seen.length - 1]).toBe('initialized/connected');

    const bob = await world.client('bob');
    const room = await bob.createConversation({ friendlyName: 'room' });
    await room.add('ng');
    await waitFor(() => rows().length === 1 && rows()[0].title === 'room', 'the new row');

    const messages = TestBed.runInInjectionContext(() => conversations.selectSignal(selectMessageViews(room.sid)));
    await conversations.loadOlder(room.sid);
    await room.sendMessage('hello angular');
    await waitFor(() => messages().some((view) => view.item.body === 'hello angular'), 'the message in the view');
    // commands by sid: read, then a new message from bob counts as unread
    await conversations.setAllMessagesRead(room.sid);
    await waitFor(() => unread() === 0, 'read');
    await room.sendMessage('are you there?');
    await waitFor(() => unread() === 1 && rows()[0].unreadCount === 1, 'one unread');
    await conversations.sendMessage(room.sid, 'hi bob');
    await waitFor(() => messages().some((view) => view.item.body === 'hi bob'), 'the sent message');
    await waitFor(() => room.lastMessage?.index === 2, 'bob has the reply');
  });

  it('ends in failed with the reason, never throwing: forged token, failing token function, bad value', async () => {
    const rejections = watchRejections();
    const good = await world.server.issueToken('eve');
    const [header, payload] = good.split('.');
    const cases: Array<[string, ConversationsConfig['token'], number]> = [
      ['forged', () => `${header}.${payload}.${'A'.repeat(43)}`, ErrorCode.TokenInvalid],
      ['rejects', () => Promise.reject(new Error('no session')), ErrorCode.TokenInvalid],
      [
        'throws',
        () => {
          throw new Error('boom');
        },
        ErrorCode.TokenInvalid
      ],
      ['not a JWT', () => 'not-a-token', ErrorCode.TokenInvalid],
      ['empty', () => '', ErrorCode.TokenInvalid]
    ];
    for (const [name, token, code] of cases) {
      const { conversations, errors } = setup({ token });
      const rows = TestBed.runInInjectionContext(() => conversations.selectSignal(selectConversationRows));
      await waitFor(() => conversations.status().phase === 'failed', `failed (${name})`);
      expect({ name, error: conversations.status().error }).toMatchObject({
        name,
        error: { errorCode: code, terminal: true }
      });
      expect(rows()).toEqual([]);
      await waitFor(() => errors.errors.length > 0, `the error reported (${name})`);
      if (name === 'forged') expect(conversations.status().connection).toBe('denied');
      TestBed.resetTestingModule();
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(rejections.stop()).toEqual([]);
  });

  it('ends in failed/denied when the server refuses a token signed by another server', async () => {
    const other = await startServer({ logger: quietLogger });
    const foreign = await other.issueToken('ng', {});
    await other.close();
    const { conversations } = setup({ token: () => Promise.resolve(foreign), url: world.server.url });
    await waitFor(() => conversations.status().phase === 'failed', 'failed');
    expect(conversations.status()).toMatchObject({
      connection: 'denied',
      error: { errorCode: ErrorCode.TokenInvalid }
    });
  });

  it('refuses a config without a token function, and a selector that is not a function, with a clear error', () => {
    expect(() => provideConversations({} as ConversationsConfig)).toThrow(
      expect.objectContaining({ code: ErrorCode.BadRequest, path: 'token' })
    );
    expect(() => provideConversations(null as unknown as ConversationsConfig)).toThrow(
      expect.objectContaining({ code: ErrorCode.BadRequest })
    );
    const { conversations } = setup({ token: () => world.server.issueToken('ng') });
    expect(() => conversations.select('rows' as never)).toThrow(
      expect.objectContaining({ code: ErrorCode.BadRequest, path: 'selector' })
    );
  });

  it('calls the token function again when the token is about to expire, keeps the session (virtual time)', async () => {
    const time = new VirtualTime();
    const issued: string[] = [];
    const token = async () => {
      const next = await world.server.issueToken('ng', { ttlSeconds: 600 });
      issued.push(next);
      return next;
    };
    const { conversations } = setup({
      token,
      scheduler: time,
      tokenAboutToExpireMs: 180000,
      heartbeatTimeoutMs: 10_000_000
    });
    await waitFor(() => conversations.status().phase === 'initialized', 'initialized');
    expect(issued).toHaveLength(1);
    const exp = Number(decodeJwt(issued[0]).exp) * 1000;
    time.advance(exp - 180000 - time.now());
    await waitFor(() => issued.length === 2, 'the token function, called again');
    const client = await conversations.client();
    // the new token is in use: the old one's expiry passes and the session stays
    await waitFor(() => time.pending > 0, 'timers rescheduled');
    const expired: unknown[] = [];
    client.tokenExpired$.subscribe((event) => expired.push(event));
    time.advance(exp - time.now() + 1000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(expired).toEqual([]);
    expect(conversations.status()).toMatchObject({ phase: 'initialized', connection: 'connected' });
  });

  it('reacts, replies, searches by sid (beyond the reference); reactions, replies, mentions as signals', async () => {
    const { conversations } = setup({ token: () => world.server.issueToken('ng') });
    await waitFor(() => conversations.status().phase === 'initialized', 'initialized');
    const bob = await world.client('bob');
    const room = await bob.createConversation({ friendlyName: 'room' });
    await room.add('ng');
    await room.sendMessage('a question for @ng');
    await conversations.loadOlder(room.sid);
    const signal = <T>(selector: (state: StoreState) => T) =>
      TestBed.runInInjectionContext(() => conversations.selectSignal(selector));
    const reactions = signal(selectReactions(room.sid, 0));
    const replies = signal(selectReplies(room.sid, 0));
    const mentions = signal(selectMentionCount(room.sid));
    const allMentions = signal(selectTotalMentionCount);
    await waitFor(() => mentions() === 1 && allMentions() === 1, 'the mention counted');

    await conversations.react(room.sid, 0, '👍');
    await waitFor(() => reactions()[0]?.reacted === true, 'the reaction in the signal');
    expect(reactions()).toEqual([{ key: '👍', count: 1, identities: ['ng'], reacted: true }]);
    await conversations.unreact(room.sid, 0, '👍');
    await waitFor(() => reactions().length === 0, 'the reaction gone');
    await expect(conversations.react(room.sid, 7, '👍')).rejects.toMatchObject({ code: ErrorCode.NotFound });

    const index = await conversations.sendMessage(room.sid, 'an answer', { replyTo: 0 });
    await waitFor(() => replies().length === 1, 'the reply linked');
    expect(replies()[0]).toMatchObject({ index, body: 'an answer', replyTo: { index: 0, body: 'a question for @ng' } });

    const found = await firstValueFrom(conversations.searchMessages('answer', { conversationSid: room.sid }));
    expect(found.items.map((hit) => [hit.message.index, hit.highlights])).toEqual([[index, [[3, 9]]]]);
    // a bad query is an error notification, not a throw
    const bad = conversations.searchMessages('');
    await expect(firstValueFrom(bad)).rejects.toMatchObject({ code: ErrorCode.BadRequest });
  });

  it('shuts the client down when the environment injector is destroyed', async () => {
    TestBed.configureTestingModule({ providers: [provideZoneChangeDetection()] });
    const environment = createEnvironmentInjector(
      [provideConversations({ token: () => world.server.issueToken('ng') })],
      TestBed.inject(EnvironmentInjector)
    );
    const conversations = environment.get(Conversations);
    await waitFor(() => conversations.status().connection === 'connected', 'connected');
    const client = await conversations.client();
    const statuses: ClientStatus[] = [];
    let completed = false;
    conversations.status$.subscribe({ next: (status) => statuses.push(status), complete: () => (completed = true) });
    environment.destroy();
    await waitFor(() => completed, 'the status to complete');
    expect(statuses[statuses.length - 1]).toMatchObject({ phase: 'shutdown' });
    expect(client.getState().session.status).toBe('shutdown');
    expect(client.connectionState).toBe('disconnected');
  });

  it('runs no change detection for heartbeats over a quiet period (real timers); a message runs it', async () => {
    let pongs = 0;
    class CountingSocket extends WebSocketNode {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols);
        this.on('message', (data: Buffer) => {
          if (data.toString().includes('"pong"')) pongs++;
        });
      }
    }
    // a heartbeat every 250 ms: the quiet period is six of them, each answered by the server
    const { conversations } = setup({
      token: () => world.server.issueToken('ng'),
      heartbeatIntervalMs: 250,
      WebSocket: CountingSocket as unknown as typeof WebSocket
    });
    await waitFor(() => conversations.status().phase === 'initialized', 'initialized');
    const bob = await world.client('bob');
    const room = await bob.createConversation();
    await room.add('ng');
    const rows = TestBed.runInInjectionContext(() => conversations.selectSignal(selectConversationRows));
    await waitFor(() => rows().length === 1, 'the conversation');

    const zone = TestBed.inject(NgZone);
    let turns = 0;
    zone.onMicrotaskEmpty.subscribe(() => turns++);
    // a batch of state changes is a reason for a turn; a heartbeat is not. Count from a quiet
    // moment (two heartbeats in a row without a batch: the join's late batches and their turns are
    // over), so that no turn of an earlier batch falls into the count
    let batches = 0;
    let lastBatchAt = pongs;
    (await conversations.client()).state$.subscribe(() => {
      batches++;
      lastBatchAt = pongs;
    });
    await waitFor(() => pongs >= lastBatchAt + 2, 'two quiet heartbeats');
    turns = 0;
    batches = 0;
    const start = pongs;
    await waitFor(() => pongs >= start + 6, 'six heartbeats answered');
    expect(turns).toBeLessThanOrEqual(batches);
    expect(batches).toBeLessThan(6);

    const before = turns;
    await room.sendMessage('wake up');
    await waitFor(() => turns > before, 'change detection for the message');
  });
});

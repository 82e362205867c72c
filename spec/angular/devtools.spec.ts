import { ErrorHandler, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Conversations, provideConversations, withDevtools } from '../../lib/angular';
import { clientWorld, type ClientWorld } from '../client/world';
import { waitFor } from '../helpers/wait';
import { initTestBed } from './testbed';

initTestBed();

type Sent = { init: unknown } | { type: string; state: unknown };
const host = globalThis as { __REDUX_DEVTOOLS_EXTENSION__?: unknown };

describe('withDevtools: the Redux DevTools bridge', () => {
  let world: ClientWorld;
  beforeEach(async () => {
    world = await clientWorld();
  });
  afterEach(async () => {
    TestBed.resetTestingModule();
    delete host.__REDUX_DEVTOOLS_EXTENSION__;
    await world.close();
  });

  it('sends the state at start, then each batch named by what it changed, with the state after it', async () => {
    const sent: Sent[] = [];
    const names: string[] = [];
    // what the browser extension puts on the page
    host.__REDUX_DEVTOOLS_EXTENSION__ = {
      connect: ({ name }: { name: string }) => {
        names.push(name);
        return {
          init: (state: unknown) => sent.push({ init: state }),
          send: ({ type }: { type: string }, state: unknown) => sent.push({ type, state })
        };
      }
    };
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideConversations({ token: () => world.server.issueToken('ng') }, withDevtools({ name: 'chat' }))
      ]
    });
    const conversations = TestBed.inject(Conversations);
    await waitFor(() => conversations.status().phase === 'initialized', 'initialized');
    const bob = await world.client('bob');
    const room = await bob.createConversation({ friendlyName: 'inspected' });
    await room.add('ng');
    type Batch = { type: string; state: { conversations: Record<string, unknown> } };
    const hasRoom = (item: Sent): item is Batch => 'type' in item && room.sid in (item as Batch).state.conversations;
    await waitFor(() => sent.some(hasRoom), 'the batch that added the conversation');
    expect(names).toEqual(['chat']);
    expect(sent[0]).toMatchObject({ init: { session: { status: 'initializing' } } });
    expect(sent.find(hasRoom)!.type.split('+')).toContain('conversations');
    expect(sent.slice(1).every((item) => 'type' in item && /^[a-z]+(\+[a-z]+)*$/.test(item.type))).toBe(true);
  });

  it('sends nothing and fails nothing when the extension is absent', async () => {
    const errors: unknown[] = [];
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideConversations({ token: () => world.server.issueToken('ng') }, withDevtools()),
        { provide: ErrorHandler, useValue: { handleError: (error: unknown) => errors.push(error) } }
      ]
    });
    const conversations = TestBed.inject(Conversations);
    await waitFor(() => conversations.status().phase === 'initialized', 'initialized');
    expect(errors).toEqual([]);
    expect(host.__REDUX_DEVTOOLS_EXTENSION__).toBeUndefined();
  });
});

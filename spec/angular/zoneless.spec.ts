import {
  ChangeDetectionStrategy,
  Component,
  ErrorHandler,
  inject,
  provideZonelessChangeDetection
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import WebSocketNode from 'ws';
import { ConversationsError, selectClientStatus, selectConversationRows } from '../../lib/client';
import { Conversations, provideConversations, type ConversationsConfig } from '../../lib/angular';
import { clientWorld, type ClientWorld } from '../client/world';
import { waitFor } from '../helpers/wait';
import { initTestBed, watchRejections } from './testbed';

initTestBed();

/** The conversation list as an OnPush component reading signals, as an application writes it. */
class RowsComponent {
  readonly conversations = inject(Conversations);
  readonly rows = this.conversations.selectSignal(selectConversationRows);
  readonly status = this.conversations.status;
}
Component({
  selector: 'rows',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template:
    '<p>{{ status().phase }}/{{ status().connection }}</p>' +
    '@for (row of rows(); track row.sid) {<li>{{ row.title }}</li>}'
})(RowsComponent);

class KeptErrors extends ErrorHandler {
  readonly errors: unknown[] = [];
  override handleError(error: unknown): void {
    this.errors.push(error);
  }
}

function setup(config: ConversationsConfig): KeptErrors {
  const errors = new KeptErrors();
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      provideConversations(config),
      { provide: ErrorHandler, useValue: errors }
    ]
  });
  return errors;
}

describe('rx-conversations/angular without zone.js (zoneless change detection)', () => {
  let world: ClientWorld;
  beforeEach(async () => {
    world = await clientWorld();
  });
  afterEach(async () => {
    TestBed.resetTestingModule();
    await world.close();
  });

  it('renders an OnPush component from signals as the server changes things', async () => {
    expect((globalThis as { Zone?: unknown }).Zone).toBeUndefined();
    setup({ token: () => world.server.issueToken('ng') });
    const fixture = TestBed.createComponent(RowsComponent);
    const text = () => (fixture.nativeElement as { textContent: string }).textContent;
    await fixture.whenStable();
    expect(text()).toMatch(/^initializing\//);
    await waitFor(() => text().startsWith('initialized/connected'), 'connected, rendered');
    const bob = await world.client('bob');
    const room = await bob.createConversation({ friendlyName: 'zoneless room' });
    await room.add('ng');
    // no fixture.detectChanges(): the signal change schedules rendering by itself
    await waitFor(() => text().includes('zoneless room'), 'the row, rendered');
  });

  it('a failed start: the status reads failed, commands reject with the reason, nothing left unhandled', async () => {
    const rejections = watchRejections();
    const errors = setup({ token: () => Promise.reject(new Error('signed out')) });
    const conversations = TestBed.inject(Conversations);
    const status = TestBed.runInInjectionContext(() => conversations.selectSignal(selectClientStatus));
    await waitFor(() => conversations.status().phase === 'failed', 'failed');
    expect(conversations.status().error?.message).toBe('The token function failed: signed out');
    expect(status().phase).toBe('initializing'); // the store's own status: no client was made
    await expect(conversations.sendMessage('CH0', 'x')).rejects.toBeInstanceOf(ConversationsError);
    await expect(conversations.client()).rejects.toMatchObject({ message: 'The token function failed: signed out' });
    expect(errors.errors).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(rejections.stop()).toEqual([]);
  });

  it('a denied token: commands by sid reject, nothing is left unhandled', async () => {
    const rejections = watchRejections();
    const good = await world.server.issueToken('eve');
    const [header, payload] = good.split('.');
    setup({ token: () => `${header}.${payload}.${'A'.repeat(43)}` });
    const conversations = TestBed.inject(Conversations);
    await waitFor(() => conversations.status().phase === 'failed', 'failed');
    expect(conversations.status().connection).toBe('denied');
    await expect(conversations.sendMessage('CH0', 'x')).rejects.toBeInstanceOf(ConversationsError);
    await expect(conversations.loadOlder('CH0')).rejects.toBeInstanceOf(ConversationsError);
    await new Promise((resolve) => setImmediate(resolve));
    expect(rejections.stop()).toEqual([]);
  });

  it('a server that is down: the status shows connecting while the client retries, and nothing throws', async () => {
    const rejections = watchRejections();
    let attempts = 0;
    class CountingSocket extends WebSocketNode {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols);
        attempts++;
      }
    }
    // a port nothing listens on
    const errors = setup({
      token: () => world.server.issueToken('ng'),
      url: 'ws://127.0.0.1:1',
      reconnect: { minDelayMs: 20, maxDelayMs: 50 },
      WebSocket: CountingSocket as unknown as typeof WebSocket
    });
    const conversations = TestBed.inject(Conversations);
    const seen = new Set<string>();
    conversations.status$.subscribe((status) => seen.add(`${status.phase}/${status.connection}`));
    await waitFor(() => attempts >= 3, 'three attempts');
    expect([...seen]).toEqual(['initializing/unknown', 'initializing/connecting']);
    expect(conversations.status()).toMatchObject({ phase: 'initializing', connection: 'connecting' });
    expect(errors.errors).toEqual([]);
    expect(rejections.stop()).toEqual([]);
  });
});

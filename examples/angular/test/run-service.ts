/**
 * Runs ConversationsService in Node with Angular's injector (JIT, no browser runtime) against a
 * real server, as user RXC_TOKEN's identity, and prints what its Observables emit as JSON lines.
 * Driven by spec/examples/angular.spec.ts, which plays the other participant.
 */
import '@angular/compiler';
import { type EnvironmentInjector, Injector } from '@angular/core';
import { filter, firstValueFrom, timeout } from 'rxjs';
import {
  CONVERSATIONS_CLIENT_OPTIONS,
  CONVERSATIONS_TOKEN_SOURCE,
  ConversationsService
} from '../src/conversations.service';

const token = process.env.RXC_TOKEN;
if (!token) throw new Error('RXC_TOKEN is required');
const LIMIT = { first: 15000 };
const say = (line: object) => console.log(JSON.stringify(line));

async function main(): Promise<void> {
  const injector = Injector.create({
    providers: [
      ConversationsService,
      { provide: CONVERSATIONS_TOKEN_SOURCE, useValue: () => Promise.resolve(token) },
      { provide: CONVERSATIONS_CLIENT_OPTIONS, useValue: { reconnect: { minDelayMs: 200 } } }
    ]
  }) as EnvironmentInjector;
  const service = injector.get(ConversationsService);

  const state = await firstValueFrom(
    service.connectionState$.pipe(
      filter((s) => s === 'connected'),
      timeout(LIMIT)
    )
  );
  say({ state });
  const conversations = await firstValueFrom(
    service.conversations$.pipe(
      filter((list) => list.length > 0),
      timeout(LIMIT)
    )
  );
  say({ conversations: conversations.map((entry) => entry.data.friendlyName) });

  await service.open(conversations[0].data.sid);
  const history = await firstValueFrom(
    service.messages$.pipe(
      filter((items) => items.length >= 2),
      timeout(LIMIT)
    )
  );
  say({ history: history.map((item) => item.body) });

  await service.send('hello from the Angular service');
  // the other participant answers once it has our message
  const answered = await firstValueFrom(
    service.messages$.pipe(
      filter((items) => items.some((item) => item.body === 'answer from Node')),
      timeout(LIMIT)
    )
  );
  say({ live: answered.map((item) => item.body) });
  // the open conversation is kept read
  say({
    unread: await firstValueFrom(
      service.totalUnread$.pipe(
        filter((n) => n === 0),
        timeout(LIMIT)
      )
    )
  });

  // destroying the injector shuts the client down: the streams end, disconnected
  const states: string[] = [];
  const ended = new Promise<void>((done) =>
    service.connectionState$.subscribe({ next: (s) => states.push(s), complete: done })
  );
  injector.destroy();
  await ended;
  say({ afterDestroy: states[states.length - 1] });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  }
);

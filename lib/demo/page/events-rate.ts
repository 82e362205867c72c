import { type Observable, bufferTime, map, merge, scan, startWith } from 'rxjs';
import type { Client } from '../../client';

/**
 * Events received per second over the last `seconds` seconds, newest last: the client's
 * documented event streams merged and counted, one value a second.
 */
export function eventsPerSecond(client: Client, seconds = 30): Observable<readonly number[]> {
  const events: Observable<unknown>[] = [
    client.conversationAdded$,
    client.conversationUpdated$,
    client.conversationRemoved$,
    client.participantJoined$,
    client.participantLeft$,
    client.participantUpdated$,
    client.messageAdded$,
    client.messageUpdated$,
    client.messageRemoved$,
    client.typingStarted$,
    client.typingEnded$,
    client.userUpdated$,
    client.connectionStateChanged$
  ];
  return merge(...events).pipe(
    bufferTime(1000),
    map((batch) => batch.length),
    scan((history: readonly number[], count) => [...history, count].slice(-seconds), []),
    startWith([] as readonly number[])
  );
}

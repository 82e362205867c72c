import { Observable, Subject } from 'rxjs';
import { shutDownError } from '../errors';

/** A stream with subscribers, and the model object it belongs to (held while it is subscribed). */
interface Route {
  readonly subject: Subject<unknown>;
  readonly owner: object | undefined;
}

/**
 * The documented events' streams, by channel (`messageAdded`, `conversation:messageAdded`,
 * `message:updated`, ...) and key (a conversation's sid, a participant's, `index:sid` for a
 * message, an identity; '' on the client). A stream exists only while it has subscribers, and
 * holds its model object meanwhile, so a listener keeps working whether or not the application
 * still holds the object, and the same sid gives the same object. Delivery looks a route up by
 * channel and key: an event nobody listens to costs a map lookup.
 */
export class EventStreams {
  readonly #channels = new Map<string, Map<string, Route>>();
  #closed = false;

  /** The stream of one channel and key; `owner` is kept alive while it is subscribed. */
  stream<T>(channel: string, key: string, owner?: object): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.#closed) {
        subscriber.error(shutDownError());
        return undefined;
      }
      let routes = this.#channels.get(channel);
      if (routes === undefined) this.#channels.set(channel, (routes = new Map<string, Route>()));
      let route = routes.get(key);
      if (route === undefined) routes.set(key, (route = { subject: new Subject<unknown>(), owner }));
      const held = route;
      const subscription = (held.subject as Subject<T>).subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        if (!held.subject.observed && routes.get(key) === held) routes.delete(key);
      };
    });
  }

  /** Whether anything listens on a channel for a key. */
  observed(channel: string, key: string): boolean {
    return this.#channels.get(channel)?.get(key) !== undefined;
  }

  /** Whether anything listens on a channel, for any key. */
  hasChannel(channel: string): boolean {
    return (this.#channels.get(channel)?.size ?? 0) > 0;
  }

  /** Gives `payload` to the listeners of a channel's key, if there are any. */
  emit(channel: string, key: string, payload: unknown): void {
    this.#channels.get(channel)?.get(key)?.subject.next(payload);
  }

  /** Completes every stream; a later subscription fails with the client's shut-down error. */
  complete(): void {
    this.#closed = true;
    const routes = [...this.#channels.values()].flatMap((byKey) => [...byKey.values()]);
    this.#channels.clear();
    for (const route of routes) route.subject.complete();
  }
}

import { DestroyRef, Injectable, InjectionToken, inject } from '@angular/core';
import {
  BehaviorSubject,
  EMPTY,
  type Observable,
  auditTime,
  combineLatest,
  defer,
  exhaustMap,
  filter,
  firstValueFrom,
  map,
  merge,
  of,
  shareReplay,
  switchMap,
  takeUntil,
  tap
} from 'rxjs';
import {
  Client,
  type ClientOptions,
  type ConnectionState,
  type ConversationEntry,
  type MessageData,
  type PendingMessage,
  selectConnectionState,
  selectConversation,
  selectConversations,
  selectHistory,
  selectMessages,
  selectTotalUnreadCount,
  selectTypingParticipants
} from 'rx-conversations';

/** Where the app gets access tokens: usually your backend, e.g. `() => fetch('/api/token').then((r) => r.text())`. */
export const CONVERSATIONS_TOKEN_SOURCE = new InjectionToken<() => Promise<string>>('rx-conversations token source');

/** Options of the client (optional). */
export const CONVERSATIONS_CLIENT_OPTIONS = new InjectionToken<ClientOptions>('rx-conversations client options');

/** An item of the open conversation: a message the server has, or a send still pending (or failed). */
export type MessageItem = MessageData | PendingMessage;

/**
 * The app's one rx-conversations client, exposed as Observables for the `async` pipe and
 * `toSignal`. The client is created on first subscription, renews its token before it expires,
 * and shuts down with the injector.
 */
@Injectable({ providedIn: 'root' })
export class ConversationsService {
  readonly #fetchToken = inject(CONVERSATIONS_TOKEN_SOURCE);
  readonly #options = inject(CONVERSATIONS_CLIENT_OPTIONS, { optional: true }) ?? {};
  readonly #destroyed = new BehaviorSubject(false);
  readonly #openSid = new BehaviorSubject<string | null>(null);
  #client: Client | null = null;

  /** The client, once initialized (one for the app's life). */
  readonly client$: Observable<Client> = defer(() => this.#fetchToken()).pipe(
    switchMap((token) => Client.create(token, this.#options)),
    tap((client) => {
      this.#client = client;
      if (this.#destroyed.value) void client.shutdown(); // the app is gone: nothing waits for the close
      // renew the token before it expires, without dropping the connection or the state
      merge(client.tokenAboutToExpire$, client.tokenExpired$)
        .pipe(
          exhaustMap(() => this.#fetchToken()),
          takeUntil(this.#destroyed.pipe(switchMap((destroyed) => (destroyed ? of(true) : []))))
        )
        .subscribe((token) => void client.updateToken(token).catch(() => undefined));
    }),
    shareReplay({ bufferSize: 1, refCount: false })
  );

  /** `connecting`, `connected`, `disconnected`, ... */
  readonly connectionState$: Observable<ConnectionState> = this.client$.pipe(
    switchMap((client) => client.select(selectConnectionState))
  );

  /** The user's conversations, latest activity first (each with its `unreadCount`). */
  readonly conversations$: Observable<readonly ConversationEntry[]> = this.client$.pipe(
    switchMap((client) => client.select(selectConversations))
  );

  /** Unread messages across every conversation. */
  readonly totalUnread$: Observable<number> = this.client$.pipe(
    switchMap((client) => client.select(selectTotalUnreadCount))
  );

  /** The sid of the open conversation. */
  readonly openSid$: Observable<string | null> = this.#openSid.asObservable();

  /** The open conversation's messages in index order, then its pending and failed sends. */
  readonly messages$: Observable<readonly MessageItem[]> = combineLatest([this.client$, this.#openSid]).pipe(
    switchMap(([client, sid]) => (sid ? client.select(selectMessages(sid)) : of([])))
  );

  /** Who is typing in the open conversation (identities). */
  readonly typing$: Observable<readonly string[]> = combineLatest([this.client$, this.#openSid]).pipe(
    switchMap(([client, sid]) => (sid ? client.select(selectTypingParticipants(sid)) : of([]))),
    map((participants) => participants.map((participant) => participant.identity ?? ''))
  );

  constructor() {
    // what is open is read: new messages in the open conversation move the read horizon
    const reading = this.#openSid
      .pipe(
        switchMap((sid) =>
          sid === null
            ? EMPTY
            : this.client$.pipe(
                switchMap((client) =>
                  client.select(selectConversation(sid)).pipe(map((entry) => ({ client, sid, entry })))
                ),
                filter(({ entry }) => (entry?.unreadCount ?? 0) > 0),
                auditTime(200)
              )
        ),
        exhaustMap(({ client, sid }) => client.conversation(sid).setAllMessagesRead())
      )
      .subscribe({ error: (error: unknown) => console.error(error) });
    inject(DestroyRef).onDestroy(() => {
      reading.unsubscribe();
      this.#destroyed.next(true);
      void this.#client?.shutdown(); // the app is gone: nothing waits for the close
    });
  }

  /** Opens a conversation: its latest messages are loaded into the store (unless held), then stay live. */
  async open(sid: string): Promise<void> {
    this.#openSid.next(sid);
    const client = await firstValueFrom(this.client$);
    const conversation = client.conversation(sid);
    if (selectHistory(sid)(client.getState()).messages.length === 0) await conversation.loadOlder(30);
    await conversation.setAllMessagesRead();
  }

  /** Loads the open conversation's previous page (on scroll to the top); `history$` says whether there is more. */
  async loadOlder(): Promise<void> {
    const sid = this.#openSid.value;
    if (sid) await (await firstValueFrom(this.client$)).conversation(sid).loadOlder();
  }

  /** Sends to the open conversation; the message shows at once as pending in `messages$`. */
  async send(body: string): Promise<void> {
    const sid = this.#openSid.value;
    if (!sid || !body.trim()) return;
    await (await firstValueFrom(this.client$)).conversation(sid).sendMessage(body.trim());
  }

  /** Call on every keystroke: the client tells the others at most once per typing timeout. */
  async typing(): Promise<void> {
    const sid = this.#openSid.value;
    if (!sid) return;
    await (await firstValueFrom(this.client$)).conversation(sid).typing();
  }
}

import {
  DestroyRef,
  ErrorHandler,
  Injector,
  NgZone,
  inject,
  runInInjectionContext,
  type Signal,
  type ValueEqualityFn
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import {
  BehaviorSubject,
  EMPTY,
  catchError,
  combineLatest,
  defer,
  distinctUntilChanged,
  filter,
  map,
  merge,
  of,
  switchMap,
  takeUntil,
  type Observable
} from 'rxjs';
import {
  Client,
  ConversationsError,
  ErrorCode,
  createInitialState,
  selectClientStatus,
  type ClientStatus,
  type ConnectionErrorInfo,
  type Conversation,
  type Equality,
  type Paginator,
  type SearchHit,
  type SearchMessagesOptions,
  type SendMessageOptions,
  type StoreState
} from '../client';
import { CONVERSATIONS_CONFIG, type ConversationsConfig } from './options';
import { DEVTOOLS_CONNECTOR } from './devtools';
import { fetchToken } from './token-source';
import { ZoneScheduler } from './zone-scheduler';

/** The state before the client exists (while the token is fetched): initializing, connection unknown. */
const BEFORE_START: StoreState = createInitialState();

/** Options of `selectSignal`. */
export interface SelectSignalOptions<T> {
  /** When two values are the same (the signal does not change); by default `Object.is`. */
  equal?: ValueEqualityFn<T>;
  /**
   * Whose destruction ends the signal's subscription; needed when not called in an injection context (a component's
   * field or constructor).
   */
  injector?: Injector;
}

const failure = (error: unknown): ConnectionErrorInfo => {
  const known = ConversationsError.from(error, ErrorCode.Internal);
  return { terminal: true, message: known.message, errorCode: known.code, httpStatusCode: known.status };
};

/**
 * The conversations of the signed-in user, for Angular: provided by `provideConversations`,
 * injected with `inject(Conversations)`. The client behind it is made the first time this is
 * injected, once the token function has given a token, outside the Angular zone; it is shut down
 * when the environment that provides it is destroyed.
 *
 * Everything is read through selectors (the client's, or composed with `createSelector`):
 * `select` gives an Observable for the `async` pipe, `selectSignal` a signal. `status` says where
 * the client is, failure included; reading it never throws. Commands take a conversation's sid
 * and wait for the client themselves.
 */
export class Conversations {
  readonly #config: ConversationsConfig = inject(CONVERSATIONS_CONFIG);
  readonly #zone = inject(NgZone);
  readonly #injector = inject(Injector);
  readonly #errors = inject(ErrorHandler);
  readonly #client$ = new BehaviorSubject<Client | null>(null);
  readonly #startFailure$ = new BehaviorSubject<ConnectionErrorInfo | null>(null);
  readonly #destroyed$ = new BehaviorSubject<boolean>(false);
  readonly #client: Promise<Client>;

  /**
   * Where the client is: `phase` (`initializing`, `initialized`, `failed`, `shutdown`),
   * `connection` (`unknown`, `connecting`, `connected`, `disconnecting`, `disconnected`,
   * `denied`) and `error`, the reason it failed or last lost its connection. A token function
   * that fails or a token the server refuses ends in `phase: 'failed'` with the reason.
   */
  readonly status: Signal<ClientStatus>;

  /** Use `provideConversations`; this is constructed by Angular's injector. */
  constructor() {
    this.status = toSignal(this.status$, { requireSync: true, injector: this.#injector });
    this.#client = this.#start();
    // awaited by each command; a failed start is reported once, through the status and the ErrorHandler
    this.#client.catch(() => undefined);
    inject(DestroyRef).onDestroy(() => this.#shutdown());
    inject(DEVTOOLS_CONNECTOR, { optional: true })?.(this.#state$);
  }

  /** The status (see `status`) as an Observable: current value on subscribe. */
  get status$(): Observable<ClientStatus> {
    return combineLatest([this.select(selectClientStatus), this.#startFailure$]).pipe(
      map(([status, error]): ClientStatus => (error === null ? status : { ...status, phase: 'failed', error }))
    );
  }

  /**
   * The value of `selector` over the client's state: its current value on subscribe (computed on
   * the initial state while the client starts), then each new one. Completes when the
   * environment is destroyed.
   * @throws ConversationsError (BadRequest) when `selector` or `equals` is not a function.
   */
  select<T>(selector: (state: StoreState) => T, equals?: Equality<T>): Observable<T> {
    if (typeof selector !== 'function') throw badArgument('select', 'selector', selector);
    if (equals !== undefined && typeof equals !== 'function') throw badArgument('select', 'equals', equals);
    return this.#client$.pipe(
      switchMap((client) => (client === null ? of(selector(BEFORE_START)) : client.select(selector, equals))),
      distinctUntilChanged(equals)
    );
  }

  /**
   * The value of `selector` as a signal, with its value from the start. Call it in an injection
   * context (a component's field or constructor; its subscription ends with the component), or
   * pass `options.injector`: elsewhere Angular refuses it (NG0203). A selector
   * that throws later is reported to the ErrorHandler and the signal keeps its last value: reading
   * it never throws.
   * @throws ConversationsError (BadRequest) when `selector` is not a function.
   */
  selectSignal<T>(selector: (state: StoreState) => T, options: SelectSignalOptions<T> = {}): Signal<T> {
    const values = this.select(selector, options.equal).pipe(
      catchError((error: unknown) => {
        this.#errors.handleError(error);
        return EMPTY;
      })
    );
    return toSignal(values, { requireSync: true, injector: options.injector, equal: options.equal });
  }

  /** The client, once it is made (rejects with the reason when it cannot be). */
  client(): Promise<Client> {
    return this.#client;
  }

  /** The conversation `sid` (see `Client.conversation`), once the client is made. */
  async conversation(sid: string): Promise<Conversation> {
    return (await this.#client).conversation(sid);
  }

  /**
   * Sends a text message to conversation `sid`; resolves with its index. Beyond the reference:
   * `options.replyTo` names the message it answers (its index or sid, in the same conversation).
   */
  async sendMessage(sid: string, body: string, options?: SendMessageOptions): Promise<number> {
    return (await this.conversation(sid)).sendMessage(body, undefined, undefined, options);
  }

  /**
   * Beyond the reference: adds the user's reaction `key` to the message of `index` in conversation
   * `sid` (see `Message.react`). Read the reactions with `selectSignal(selectReactions(sid, index))`.
   */
  async react(sid: string, index: number, key: string): Promise<void> {
    await (await (await this.conversation(sid)).getMessage(index)).react(key);
  }

  /** Beyond the reference: removes the user's reaction `key` from the message of `index` in `sid`. */
  async unreact(sid: string, index: number, key: string): Promise<void> {
    await (await (await this.conversation(sid)).getMessage(index)).unreact(key);
  }

  /**
   * Beyond the reference: the messages the user may read that match `query` (see
   * `Client.searchMessages`), newest first, as an Observable of the first page: it asks the server
   * when subscribed, emits the page and completes (an error for a bad query or options). Cold, so a
   * search box maps its text through `switchMap`, and a signal comes from `toSignal`.
   */
  searchMessages(query: string, options?: SearchMessagesOptions): Observable<Paginator<SearchHit>> {
    return defer(async () => (await this.#client).searchMessages(query, options));
  }

  /** Marks every message of conversation `sid` read; resolves with the unread count after. */
  async setAllMessagesRead(sid: string): Promise<number> {
    return (await this.conversation(sid)).setAllMessagesRead();
  }

  /** Tells the other participants of `sid` that the user is typing (throttled by the client). */
  async typing(sid: string): Promise<void> {
    return (await this.conversation(sid)).typing();
  }

  /** Loads up to `count` older messages of `sid` into its history; resolves with how many came. */
  async loadOlder(sid: string, count?: number): Promise<number> {
    return (await this.conversation(sid)).loadOlder(count);
  }

  /** The message of `index` in conversation `sid`, from the server (the page of that one message). */

  /** The store's state as it changes; the initial state while the client starts. */
  get #state$(): Observable<StoreState> {
    return this.select((state) => state);
  }

  /** Gets the first token and makes the client; a failure ends in the status and the ErrorHandler. */
  #start(): Promise<Client> {
    return this.#token()
      .then((token) => this.#connect(token))
      .catch((error: unknown) => {
        if (!this.#destroyed$.value) {
          this.#zone.run(() => this.#startFailure$.next(failure(error)));
          this.#errors.handleError(error);
        }
        throw error;
      });
  }

  /** Makes the client outside the Angular zone, its events delivered inside it. */
  #connect(token: string): Client {
    if (this.#destroyed$.value)
      throw new ConversationsError(ErrorCode.ShutDown, 'The client was shut down before it started');
    const { token: source, ...options } = this.#config;
    void source;
    const scheduler = new ZoneScheduler(this.#zone, options.scheduler);
    const client = this.#zone.runOutsideAngular(() => new Client(token, { ...options, scheduler }));
    this.#renewTokens(client);
    client.initFailed$.subscribe(({ error }) =>
      this.#errors.handleError(
        new ConversationsError(
          error?.errorCode ?? ErrorCode.NotReady,
          `The client failed to initialize: ${error?.message ?? 'no reason given'}`
        )
      )
    );
    this.#zone.run(() => this.#client$.next(client));
    return client;
  }

  /** Asks the token function again when the token is about to expire or has expired. */
  #renewTokens(client: Client): void {
    merge(client.tokenAboutToExpire$, client.tokenExpired$)
      .pipe(takeUntil(this.#destroyed$.pipe(filter(Boolean))))
      .subscribe(() => {
        this.#token()
          .then((token) => client.updateToken(token))
          .catch((error: unknown) => this.#errors.handleError(error));
      });
  }

  #token(): Promise<string> {
    const source = this.#config.token;
    if (typeof source !== 'function') return Promise.reject(badArgument('provideConversations', 'token', source));
    return runInInjectionContext(this.#injector, () => fetchToken(source));
  }

  #shutdown(): void {
    this.#destroyed$.next(true);
    const client = this.#client$.value;
    this.#client$.complete();
    this.#startFailure$.complete();
    client?.shutdown().catch((error: unknown) => this.#errors.handleError(error));
  }
}

function badArgument(method: string, argument: string, value: unknown): ConversationsError {
  const got = value === null ? 'null' : typeof value;
  return new ConversationsError(ErrorCode.BadRequest, `${method}: ${argument} must be a function, got ${got}`, {
    path: argument
  });
}

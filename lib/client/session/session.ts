import type { SchedulerLike } from 'rxjs';
import {
  ErrorCode,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type WelcomeFrame,
  type WireError
} from '../../protocol';
import { ConversationsError, shutDownError } from '../errors';
import type { ClientEvent } from '../events/client-event';
import type { ModelContext } from '../model/context';
import type { ResolvedOptions } from '../options';
import type { Action } from '../store/actions';
import type { Emission } from '../store/emissions';
import type { PendingMessage, State } from '../store/state';
import type { Store } from '../store/store';
import { Connection, type ConnectionHandlers } from '../transport/connection';
import type { ConnectionLike } from '../transport/connection-like';
import type { ConnectionFactory, SessionCache } from './cache-port';
import type { ConnectionErrorInfo } from '../transport/connection-state';
import type { IncomingFrame } from '../transport/decode-frame';
import { Requests } from '../transport/requests';
import type { Logger } from '../util/logger';
import { after } from '../util/scheduler';
import { loadConversations } from './load-conversations';
import { loadRosters } from './load-rosters';
import { TokenTimers } from './token-timers';
import { readToken } from './token';
import { UserSubscriptions } from './user-subscriptions';

/** The longest a conversation joined live holds event delivery while its roster loads. */
const ROSTER_WAIT_MS = 2000;

/** The phase of a client's life. */
export type Phase = 'initializing' | 'initialized' | 'failed' | 'shutdown';

/** What the session needs around it: the store beside it, time, and where its news go. */
export interface SessionDeps {
  readonly token: string;
  readonly options: ResolvedOptions;
  readonly scheduler: SchedulerLike;
  readonly log: Logger;
  readonly store: Store;
  /** Where the session's own news (initialized, token expiry, connection errors) go, in order. */
  readonly tell: (...events: ClientEvent[]) => void;
}

/**
 * The session: the connection and the requests below it, and the life of the client over them —
 * handshake and welcome, the first load and the load after a resync, user refresh after a resume,
 * token update and expiry, denial, failure and shutdown. It is also the context model objects send
 * their commands through. It holds no Client and calls nothing above it: its news go to `tell`.
 */
export class Session implements ModelContext {
  readonly options: ResolvedOptions;
  readonly scheduler: SchedulerLike;
  readonly log: Logger;
  readonly #store: Store;
  readonly #tell: (...events: ClientEvent[]) => void;
  #connection: ConnectionLike;
  readonly #handlers: ConnectionHandlers;
  /** Where a handshake resumes from: the position applied, once the store holds a session. */
  readonly #resumePosition = (): number | null => {
    const session = this.#store.getState().session;
    return session.identity === null ? null : session.position;
  };
  readonly #cache: SessionCache | null;
  readonly #requests: Requests;
  readonly #identity: string;
  #token: string;
  #phase: Phase = 'initializing';
  #failure: ConversationsError | null = null;
  readonly #ready: Promise<void>;
  #settleReady!: { resolve: () => void; reject: (error: ConversationsError) => void };
  readonly #tokenTimers: TokenTimers;
  readonly #users: UserSubscriptions;
  #syncing: Promise<void> | null = null;
  /** Whether tokenExpired was told for the current token (by its timer or by the server). */
  #expiredTold = false;
  #httpUrl = '';
  #limits: Readonly<Record<string, number>> = {};

  constructor(deps: SessionDeps) {
    const claims = readToken(deps.token);
    // first: the cache opens its database while the rest is set up
    this.#cache =
      deps.options.cache?.attach({
        scope: { url: deps.options.urls[0] ?? '', identity: claims.sub },
        store: deps.store,
        scheduler: deps.scheduler,
        log: deps.log
      }) ?? null;
    this.options = deps.options;
    this.scheduler = deps.scheduler;
    this.log = deps.log;
    this.#store = deps.store;
    this.#tell = deps.tell;
    this.#token = deps.token;
    this.#identity = claims.sub;
    this.#ready = new Promise<void>((resolve, reject) => (this.#settleReady = { resolve, reject }));
    this.#ready.catch(() => {});
    this.#requests = new Requests(
      (frame) => this.#connection.send(frame),
      deps.options.requestTimeoutMs,
      deps.scheduler,
      () => this.#store.getState().session.position,
      (message) =>
        this.#tell({
          type: 'connectionError',
          error: {
            terminal: false,
            message: `Malformed frame from the server: ${message}`,
            errorCode: ErrorCode.BadRequest
          }
        })
    );
    this.#users = new UserSubscriptions(this.#identity, deps.options.userInfosToSubscribe, deps.store, this.#requests);
    this.#tokenTimers = new TokenTimers(
      deps.scheduler,
      deps.options.tokenAboutToExpireMs,
      () => this.#tell({ type: 'tokenAboutToExpire' }),
      () => this.#tokenExpired()
    );
    this.#handlers = {
      state: (state, error) => this.#store.dispatch({ type: 'connectionChanged', state, error }),
      welcome: (welcome) => this.#welcomed(welcome),
      frame: (frame) => this.#received(frame),
      error: (error) => {
        this.#tell({ type: 'connectionError', error });
        // a connection that cannot even start (no WebSocket class, no URL) ends initialization
        if (error.terminal && error.errorCode === undefined && this.#phase === 'initializing') {
          this.#fail(new ConversationsError(ErrorCode.Unavailable, error.message));
        }
      },
      denied: (error) => this.#denied(error)
    };
    this.#connection = this.#connect(this.#handlers, this.#resumePosition);
    this.#tokenTimers.schedule(claims.exp * 1000);
  }

  /** Opens the connection; with a cache, once its state is in the store (or it proved unusable). */
  open(): void {
    const cache = this.#cache;
    if (cache === null) return this.#connection.open();
    const own = this.#connection;
    void cache
      .start({ connect: this.#connect, handlers: this.#handlers, resumePosition: this.#resumePosition })
      .then((shared) => {
        if (this.#phase === 'shutdown') return;
        if (shared !== null) this.#connection = shared;
        this.#connection.open();
        if (shared !== null) own.close();
      });
  }

  /** A batch was published: the cache (if any) keeps what changed. */
  cacheChanged(state: State): void {
    this.#cache?.changed(state);
  }

  /** The pending sends a cache gave back, once: sent again by the caller when the client is initialized. */
  takeRestoredSends(): readonly PendingMessage[] {
    return this.#cache?.takeRestoredSends() ?? [];
  }

  /** Erases the cache of this server and identity (nothing without one). */
  clearCache(): Promise<void> {
    return this.#cache?.clear() ?? Promise.resolve();
  }

  /** The phase of the client's life. */
  get phase(): Phase {
    return this.#phase;
  }

  /** The batch with this state was published: replies whose events it holds resolve. */
  applied(state: State): void {
    this.#requests.applied(state.session.position);
  }

  /**
   * The events of a batch the application may see now: while initializing, conversations come
   * into the store page by page, and are announced all at once when initialization completes.
   */
  visible(emissions: readonly Emission[]): readonly Emission[] {
    if (this.#phase !== 'initializing') return emissions;
    return emissions.filter((e) => e.type !== 'conversationAdded' && e.type !== 'conversationJoined');
  }

  /**
   * When a batch joined conversations live whose roster the store does not hold, loads them (as
   * at start-up), so that `conversationJoined` finds them held; answers what delivery should wait
   * for — bounded: at most ROSTER_WAIT_MS, and nothing while offline.
   */
  rostersOfJoined(emissions: readonly Emission[]): Promise<void> | null {
    if (this.#phase !== 'initialized' || !this.#connection.isReady) return null;
    const state = this.#store.getState();
    const joined: string[] = [];
    for (const e of emissions) {
      if (e.type === 'conversationJoined' && state.participants[e.conversationSid]?.loaded !== true)
        joined.push(e.conversationSid);
    }
    if (joined.length === 0) return null;
    return new Promise<void>((resolve) => {
      const timer = after(this.scheduler, ROSTER_WAIT_MS, resolve);
      loadRosters(this.#store, this.#requests, joined)
        .catch((error: unknown) => this.log.debug('loading a joined roster failed:', error))
        .finally(() => {
          timer.unsubscribe();
          resolve();
        });
    });
  }

  // ---- ModelContext ----

  getState(): State {
    return this.#store.getState();
  }

  dispatch(...actions: Action[]): void {
    for (const action of actions) this.#store.dispatch(action);
  }

  async command<K extends CommandName>(
    command: K,
    args: CommandArgs<K>,
    onResult?: (result: CommandResult<K>, position: number | undefined) => void
  ): Promise<CommandResult<K>> {
    await this.ready();
    const send = () => this.#requests.request(command, args, onResult);
    return this.#cache?.send(command, args, send) ?? send();
  }

  ready(): Promise<void> {
    if (this.#phase === 'failed' || this.#phase === 'shutdown') return Promise.reject(this.#failure ?? shutDownError());
    return this.#ready;
  }

  identity(): string {
    return this.#identity;
  }

  newKey(): string {
    return globalThis.crypto.randomUUID();
  }

  async subscribeUser(identity: string): Promise<void> {
    await this.ready();
    await this.#users.subscribe(identity);
  }

  httpUrl(): string {
    return this.#httpUrl;
  }

  accessToken(): string {
    return this.#token;
  }

  serverLimits(): Readonly<Record<string, number>> {
    return this.#limits;
  }

  // ---- lifecycle ----

  /** Uses a new token for the same identity: re-authenticates the live session, or reconnects if denied. */
  async updateToken(token: string): Promise<void> {
    if (this.#phase === 'shutdown') throw this.#failure ?? shutDownError();
    const claims = readToken(token);
    if (claims.sub !== this.#identity) {
      throw new ConversationsError(ErrorCode.TokenInvalid, `The new token is for ${claims.sub}, not ${this.#identity}`);
    }
    if (token === this.#token) return;
    this.#token = token;
    this.#expiredTold = false;
    this.#connection.setToken(token);
    if (this.#connection.isReady) await this.#requests.request('updateToken', { token });
    this.#tokenTimers.schedule(claims.exp * 1000);
  }

  /** Closes the connection and fails what waits; the store is told. */
  shutdown(): void {
    if (this.#phase === 'shutdown') return;
    const wasInitializing = this.#phase === 'initializing';
    this.#phase = 'shutdown';
    this.#failure = shutDownError();
    if (wasInitializing) this.#settleReady.reject(this.#failure);
    this.#tokenTimers.clear();
    this.#requests.close(this.#failure);
    this.#connection.close();
    this.#cache?.close();
    this.#store.dispatch({ type: 'shutdown' });
    this.#store.flush();
  }

  // ---- incoming ----

  #welcomed(welcome: WelcomeFrame): void {
    this.#httpUrl = welcome.httpUrl;
    this.#limits = Object.freeze({ ...welcome.limits });
    this.#store.dispatch({
      type: 'sessionStarted',
      identity: welcome.identity,
      position: welcome.position,
      resume: welcome.resume,
      reachabilityEnabled: welcome.reachabilityEnabled
    });
    this.#requests.connected();
    if (this.#phase === 'initializing' && !this.#syncing) {
      if (this.#cache?.resumes !== true) this.#sync('initial');
      else if (welcome.resume === 'resumed') this.#catchUp();
      else this.#sync('resync');
    } else if (welcome.resume === 'resync') this.#sync('resync');
    else if (welcome.resume === 'resumed') {
      this.#users.refresh().catch((error: unknown) => {
        if (this.#phase !== 'shutdown') this.log.warn('re-reading subscribed users failed:', error);
      });
    }
  }

  #received(frame: IncomingFrame): void {
    switch (frame.type) {
      case 'events':
        for (const event of frame.events) this.#store.dispatch({ type: 'server', event });
        return;
      case 'reply':
        this.#requests.reply(frame.id, frame.result, frame.position);
        return;
      case 'reply-error':
        this.#requests.replyError(frame.id, frame.error);
        return;
      default:
        return;
    }
  }

  #denied(error: WireError): void {
    // a denied token erases what was kept for it: a revoked user leaves nothing on the device
    void this.#cache?.clear().catch((failure: unknown) => this.log.warn('erasing the cache failed:', failure));
    if (error.code === ErrorCode.TokenExpired) this.#tokenExpired();
    if (this.#phase === 'initializing') this.#fail(ConversationsError.fromWire(error));
  }

  #tokenExpired(): void {
    if (this.#expiredTold) return;
    this.#expiredTold = true;
    this.#tell({ type: 'tokenExpired' });
  }

  #fail(error: ConversationsError): void {
    if (this.#phase !== 'initializing') return;
    this.#phase = 'failed';
    this.#failure = new ConversationsError(ErrorCode.NotReady, `The client failed to initialize: ${error.message}`, {
      status: error.status
    });
    this.#settleReady.reject(this.#failure);
    const info: ConnectionErrorInfo = {
      terminal: true,
      message: error.message,
      httpStatusCode: error.status,
      errorCode: error.code
    };
    this.#store.dispatch({ type: 'initFailed', error: info });
    this.#tell({ type: 'stateChanged', state: 'failed' }, { type: 'initFailed', error: info });
  }

  /**
   * Loads the conversation list, the rosters of the joined conversations and the current user (at
   * start-up, or after a resync), then — the first time — announces the conversations and that
   * the client is initialized.
   */
  #sync(mode: 'initial' | 'resync'): void {
    this.#load(
      'synchronisation',
      loadConversations(this.#store, this.#requests, mode)
        .then(() => loadRosters(this.#store, this.#requests))
        .then(() => this.#users.refresh())
        // a conversation joined while the rest loaded: its roster too (nothing to read otherwise)
        .then(() => loadRosters(this.#store, this.#requests))
    );
  }

  /**
   * Started from a cache and resumed: the server replayed what was missed before answering any
   * request (so once the users are re-read, the store holds it all). Rosters the cache did not hold
   * whole are read, the commands it kept are sent again, and the client is initialized.
   */
  #catchUp(): void {
    this.#load(
      'catching up from the cache',
      this.#users.refresh().then(() => loadRosters(this.#store, this.#requests))
    );
  }

  /** Initializes the client once `loading` is done; if it fails, so does the start (unless shut down). */
  #load(what: string, loading: Promise<void>): void {
    this.#syncing = loading
      .then(() => this.#initialize())
      .catch((error: unknown) => {
        if (this.#phase === 'shutdown') return;
        this.log.error(`${what} failed:`, error);
        this.#fail(ConversationsError.from(error));
      })
      .finally(() => {
        this.#syncing = null;
      });
  }

  /** The first load is done: the client is initialized, and its conversations are announced. */
  #initialize(): void {
    if (this.#phase !== 'initializing') return;
    this.#phase = 'initialized';
    this.#store.dispatch({ type: 'initialized' });
    this.#store.flush();
    this.#settleReady.resolve();
    const news: ClientEvent[] = [];
    for (const [sid, entry] of Object.entries(this.#store.getState().conversations)) {
      news.push({ type: 'conversationAdded', conversationSid: sid });
      if (entry.status === 'joined') news.push({ type: 'conversationJoined', conversationSid: sid });
    }
    news.push({ type: 'stateChanged', state: 'initialized' }, { type: 'initialized' });
    news.push({
      type: 'userUpdated',
      identity: this.#identity,
      reasons: ['friendlyName', 'attributes', 'reachabilityOnline', 'reachabilityNotifiable']
    });
    this.#tell(...news);
    this.#cache?.resend((command, args) => this.#requests.request(command, args));
  }

  /** A connection to the server with these handlers (the client's own, or a leader tab's for all). */
  #connect: ConnectionFactory = (handlers, resumePosition) =>
    new Connection(this.#token, this.options, this.scheduler, resumePosition, handlers, this.log);
}

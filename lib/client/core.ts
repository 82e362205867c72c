import {
  ErrorCode,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type MessageData,
  type ServerEvent,
  type WelcomeFrame,
  type WireError
} from '../protocol';
import type { Client } from './client';
import { ConversationsError } from './errors';
import type { Conversation } from './model/conversation';
import type { ModelContext } from './model/context';
import { emitAll } from './model/emit';
import type { Message } from './model/message';
import type { Participant } from './model/participant';
import { Registry } from './model/registry';
import type { User } from './model/user';
import type { ResolvedOptions } from './options';
import { loadConversations } from './session/load-conversations';
import { TokenTimers } from './session/token-timers';
import { readToken } from './session/token';
import { TypingTimers } from './session/typing-timers';
import type { Action } from './store/actions';
import type { Emission } from './store/emissions';
import { createInitialState } from './store/initial-state';
import type { State } from './store/state';
import { Store } from './store/store';
import { Connection } from './transport/connection';
import type { IncomingFrame } from './transport/decode-frame';
import { Requests } from './transport/requests';
import { createLogger, type Logger } from './util/logger';
import type { ContentTemplate } from './content/content-template';
import { TemplatesCache } from './content/templates-cache';
import { DeliveryAcks } from './receipts/delivery-acks';
import { ReceiptWatcher } from './receipts/receipt-watcher';
import { scheduleMacrotask } from './util/schedule';

type Phase = 'initializing' | 'initialized' | 'failed' | 'shutdown';

/**
 * The machinery behind a Client: store, connection, requests, timers and the registry of model
 * objects. Incoming frames go into the store in arrival order; after each batch is published,
 * commands whose effects it holds resolve, and then (in a later task) the batch's events are
 * emitted.
 */
export class ClientCore implements ModelContext {
  readonly store: Store;
  readonly log: Logger;
  readonly registry: Registry;
  #connection: Connection;
  #requests: Requests;
  #identity: string;
  #token: string;
  #phase: Phase = 'initializing';
  #failure: ConversationsError | null = null;
  #ready: Promise<void>;
  #settleReady!: { resolve: () => void; reject: (error: ConversationsError) => void };
  #tokenTimers: TokenTimers;
  #typingTimers: TypingTimers;
  /** Subscribed users besides the current one, oldest first. */
  #subscribed: string[] = [];
  #syncing: Promise<void> | null = null;
  /** Whether tokenExpired was emitted for the current token (by its timer or by the server). */
  #expiredEmitted = false;
  #httpUrl = '';
  #limits: Readonly<Record<string, number>> = {};
  #templates = new TemplatesCache(() => this.command('getContentTemplates', {}));
  #acks: DeliveryAcks;
  #receipts: ReceiptWatcher;

  constructor(
    private readonly client: Client,
    token: string,
    readonly options: ResolvedOptions
  ) {
    const claims = readToken(token);
    this.#token = token;
    this.#identity = claims.sub;
    this.log = createLogger(options.logLevel);
    this.store = new Store(createInitialState({ messageCacheSize: options.messageCacheSize }));
    this.registry = new Registry(this);
    this.#ready = new Promise<void>((resolve, reject) => (this.#settleReady = { resolve, reject }));
    this.#ready.catch(() => {});
    this.#requests = new Requests(
      (frame) => this.#connection.send(frame),
      options.requestTimeoutMs,
      () => this.store.getState().session.position,
      (message) => {
        const error = { terminal: false, message: `Malformed frame from the server: ${message}`, errorCode: ErrorCode.BadRequest };
        scheduleMacrotask(() => this.client._emit('connectionError', error));
      }
    );
    this.#tokenTimers = new TokenTimers(
      options.tokenAboutToExpireMs,
      () => scheduleMacrotask(() => this.client._emit('tokenAboutToExpire')),
      () => this.tokenExpired()
    );
    this.#typingTimers = new TypingTimers((conversationSid, participantSid) =>
      this.store.dispatch({ type: 'typingExpired', conversationSid, participantSid })
    );
    this.#acks = new DeliveryAcks(options.deliveryAckIntervalMs, (conversationSid, index) =>
      this.#requests.request('ackDelivery', { conversationSid, index }).then(
        () => undefined,
        (error: unknown) => this.log.debug('a delivery acknowledgement failed:', error)
      )
    );
    this.#receipts = new ReceiptWatcher();
    this.store.batches$.subscribe(({ state, emissions }) => this.published(state, emissions));
    this.#connection = new Connection(
      token,
      options,
      () => {
        const session = this.store.getState().session;
        return session.identity === null ? null : session.position;
      },
      {
        state: (state, error) => this.store.dispatch({ type: 'connectionChanged', state, error }),
        welcome: (welcome) => this.welcomed(welcome),
        frame: (frame) => this.received(frame),
        error: (error) => scheduleMacrotask(() => this.client._emit('connectionError', error)),
        denied: (error) => this.denied(error)
      },
      this.log
    );
    this.#tokenTimers.schedule(claims.exp * 1000);
    this.#connection.open();
  }

  // ---- ModelContext ----

  getState(): State {
    return this.store.getState();
  }

  dispatch(...actions: Action[]): void {
    for (const action of actions) this.store.dispatch(action);
  }

  async command<K extends CommandName>(
    command: K,
    args: CommandArgs<K>,
    onResult?: (result: CommandResult<K>, position: number | undefined) => void
  ): Promise<CommandResult<K>> {
    await this.ready();
    return this.#requests.request(command, args, onResult);
  }

  ready(): Promise<void> {
    if (this.#phase === 'failed' || this.#phase === 'shutdown') return Promise.reject(this.#failure);
    return this.#ready;
  }

  identity(): string {
    return this.#identity;
  }

  newKey(): string {
    return globalThis.crypto.randomUUID();
  }

  conversation(sid: string): Conversation {
    return this.registry.conversation(sid);
  }

  participant(conversationSid: string, participantSid: string): Participant {
    return this.registry.participant(conversationSid, participantSid);
  }

  message(conversationSid: string, index: number, seed?: MessageData): Message {
    return this.registry.message(conversationSid, index, seed);
  }

  user(identity: string): User {
    return this.registry.user(identity);
  }

  async getUser(identity: string): Promise<User> {
    await this.ready();
    const entry = this.store.getState().users[identity];
    if (entry?.subscribed) return this.registry.user(identity);
    await this.#requests.request('subscribeUsers', { identities: [identity] }, (result) =>
      this.store.dispatch({ type: 'usersLoaded', items: result.items })
    );
    if (identity !== this.#identity) {
      this.#subscribed.push(identity);
      while (this.#subscribed.length > this.options.userInfosToSubscribe) {
        const oldest = this.#subscribed.shift();
        if (oldest !== undefined) void this.registry.user(oldest).unsubscribe().catch(() => {});
      }
    }
    return this.registry.user(identity);
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

  contentTemplates(): Promise<readonly ContentTemplate[]> {
    return this.#templates.get();
  }

  // ---- lifecycle ----

  /** The phase of initialization. */
  get phase(): Phase {
    return this.#phase;
  }

  /** Uses a new token for the same identity: re-authenticates the live session, or reconnects if denied. */
  async updateToken(token: string): Promise<void> {
    if (this.#phase === 'shutdown') throw this.#failure;
    const claims = readToken(token);
    if (claims.sub !== this.#identity) {
      throw new ConversationsError(ErrorCode.TokenInvalid, `The new token is for ${claims.sub}, not ${this.#identity}`);
    }
    if (token === this.#token) return;
    this.#token = token;
    this.#expiredEmitted = false;
    this.#connection.setToken(token);
    if (this.#connection.isReady) await this.#requests.request('updateToken', { token });
    this.#tokenTimers.schedule(claims.exp * 1000);
  }

  /** Closes the connection, fails what waits, and completes every observable. */
  shutdown(): void {
    if (this.#phase === 'shutdown') return;
    const wasInitializing = this.#phase === 'initializing';
    this.#phase = 'shutdown';
    this.#failure = new ConversationsError(ErrorCode.ShutDown, 'The client was shut down');
    if (wasInitializing) this.#settleReady.reject(this.#failure);
    this.#tokenTimers.clear();
    this.#typingTimers.clear();
    this.#acks.clear();
    this.#requests.close(this.#failure);
    this.#connection.close();
    this.store.dispatch({ type: 'shutdown' });
    this.store.flush();
    this.client._complete();
    for (const model of this.registry.all()) model._complete();
    this.store.complete();
  }

  // ---- incoming ----

  private welcomed(welcome: WelcomeFrame): void {
    this.#httpUrl = welcome.httpUrl;
    this.#limits = Object.freeze({ ...welcome.limits });
    this.store.dispatch({
      type: 'sessionStarted',
      identity: welcome.identity,
      position: welcome.position,
      resume: welcome.resume,
      reachabilityEnabled: welcome.reachabilityEnabled
    });
    this.#requests.connected();
    if (this.#phase === 'initializing' && !this.#syncing) this.sync('initial');
    else if (welcome.resume === 'resync') this.sync('resync');
    else if (welcome.resume === 'resumed') {
      this.refreshUsers().catch((error: unknown) => {
        if (this.#phase !== 'shutdown') this.log.warn('re-reading subscribed users failed:', error);
      });
    }
  }

  private received(frame: IncomingFrame): void {
    switch (frame.type) {
      case 'events':
        for (const event of frame.events) this.event(event);
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

  private event(event: ServerEvent): void {
    if (event.name === 'typingStarted' && event.data.identity !== this.#identity) {
      this.#typingTimers.started(event.data.conversationSid, event.data.participantSid, event.data.timeoutMs);
    }
    this.store.dispatch({ type: 'server', event });
  }

  private published(state: State, emissions: readonly Emission[]): void {
    this.#requests.applied(state.session.position);
    for (const emission of emissions) {
      if (emission.type === 'typingEnded') this.#typingTimers.ended(emission.conversationSid, emission.participantSid);
    }
    for (const emission of emissions) {
      if (emission.type === 'messageAdded') this.#acks.received(state, emission.conversationSid, emission.index);
    }
    const receipts = this.#receipts.published(state);
    const all = receipts.length > 0 ? [...emissions, ...receipts] : emissions;
    const visible = this.#phase === 'initializing' ? all.filter((e) => e.type !== 'conversationAdded' && e.type !== 'conversationJoined') : all;
    if (visible.length > 0) scheduleMacrotask(() => emitAll(this.client, this.registry, visible));
  }

  private denied(error: WireError): void {
    if (error.code === ErrorCode.TokenExpired) this.tokenExpired();
    if (this.#phase === 'initializing') this.fail(ConversationsError.fromWire(error));
  }

  private tokenExpired(): void {
    if (this.#expiredEmitted) return;
    this.#expiredEmitted = true;
    scheduleMacrotask(() => this.client._emit('tokenExpired'));
  }

  private fail(error: ConversationsError): void {
    if (this.#phase !== 'initializing') return;
    this.#phase = 'failed';
    this.#failure = new ConversationsError(ErrorCode.NotReady, `The client failed to initialize: ${error.message}`, {
      status: error.status
    });
    this.#settleReady.reject(this.#failure);
    this.store.dispatch({ type: 'initFailed' });
    const info = { terminal: true, message: error.message, httpStatusCode: error.status, errorCode: error.code };
    scheduleMacrotask(() => {
      this.client._emit('stateChanged', 'failed');
      this.client._emit('initFailed', { error: info });
    });
  }

  /** Loads the conversation list and the current user (at start-up, or after a resync). */
  private sync(mode: 'initial' | 'resync'): void {
    this.#syncing = loadConversations(this, this.#requests, mode)
      .then(() => this.refreshUsers())
      .then(() => {
        if (this.#phase !== 'initializing') return;
        this.#phase = 'initialized';
        this.store.dispatch({ type: 'initialized' });
        this.store.flush();
        this.#settleReady.resolve();
        const conversations = this.store.getState().conversations;
        const joined = Object.keys(conversations).map((sid) => this.registry.conversation(sid));
        scheduleMacrotask(() => {
          for (const conversation of joined) {
            this.client._emit('conversationAdded', conversation);
            if (conversation.status === 'joined') this.client._emit('conversationJoined', conversation);
          }
          this.client._emit('stateChanged', 'initialized');
          this.client._emit('initialized');
          this.client._emit('userUpdated', {
            user: this.registry.user(this.#identity),
            updateReasons: ['friendlyName', 'attributes', 'reachabilityOnline', 'reachabilityNotifiable']
          });
        });
      })
      .catch((error: unknown) => {
        if (this.#phase === 'shutdown') return;
        this.log.error('synchronisation failed:', error);
        this.fail(ConversationsError.from(error));
      })
      .finally(() => {
        this.#syncing = null;
      });
  }

  /** Subscribes the current user and re-reads every subscribed user (after a resume, reachability may have changed). */
  private async refreshUsers(): Promise<void> {
    const users = this.store.getState().users;
    const identities = [this.#identity, ...Object.keys(users).filter((id) => id !== this.#identity && users[id].subscribed)];
    for (let i = 0; i < identities.length; i += 100) {
      await this.#requests.request('subscribeUsers', { identities: identities.slice(i, i + 100) }, (result) =>
        this.store.dispatch({ type: 'usersLoaded', items: result.items })
      );
    }
  }
}

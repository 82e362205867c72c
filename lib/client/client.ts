import type { Observable } from 'rxjs';
import { ErrorCode, type JSONValue } from '../protocol';
import { CLIENT_EVENTS, type ClientEvents } from './client-events';
import { conversationBySid, conversationByUniqueName, peekConversation } from './conversation-lookup';
import { ClientCore } from './core';
import { ConversationsError, badArgument, checkJson } from './errors';
import { Evented, bindEvents, defineEvents } from './events/evented';
import type { Conversation } from './model/conversation';
import type { Message } from './model/message';
import type { Participant } from './model/participant';
import type { User } from './model/user';
import { resolveOptions, type ClientOptions } from './options';
import { readToken, tokenUrls } from './session/token';
import type { Equality } from './store/memoize';
import { selectConnectionState, selectConversations, selectSession, selectSubscribedUsers } from './store/selectors';
import type { ConnectionErrorInfo, ConnectionState, State as StoreState } from './store/state';
import type { CreateConversationOptions, Paginator, SearchMessagesOptions, State } from './types';
import { searchMessages, type SearchHit } from './model/message-search';
import type {
  ConversationUpdatedEventArgs,
  MessageUpdatedEventArgs,
  ParticipantUpdatedEventArgs,
  UserUpdatedEventArgs
} from './model/event-args';
import { VERSION } from './version';
import { pageOf } from './model/list-paginator';
import type { PushNotification } from './push/push-notification';
import type { ContentTemplate } from './content/content-template';
import type { CancellablePromise } from './media/cancellable-promise';
import type { Media } from './media/media';
import { part } from './model/parts';

/**
 * A client is the starting point: `new Client(token, options)` returns at once, not yet
 * initialized; every operation waits until it is (or rejects at once if initialization failed
 * or the client was shut down). Every documented event is an Observable (`client.messageAdded$`)
 * and also available emitter-style (`client.on('messageAdded', fn)`); the state all events reduce
 * into is in one immutable store (`state$`, `getState()`, `select(selector)`).
 */
export class Client extends Evented<ClientEvents> {
  /** The library's version. */
  static readonly version: string = VERSION;
  // the event names, as the reference's constants (`Client.messageAdded`); defined with the streams below
  declare static readonly conversationAdded: 'conversationAdded';
  declare static readonly conversationJoined: 'conversationJoined';
  declare static readonly conversationLeft: 'conversationLeft';
  declare static readonly conversationRemoved: 'conversationRemoved';
  declare static readonly conversationUpdated: 'conversationUpdated';
  declare static readonly participantJoined: 'participantJoined';
  declare static readonly participantLeft: 'participantLeft';
  declare static readonly participantUpdated: 'participantUpdated';
  declare static readonly messageAdded: 'messageAdded';
  declare static readonly messageRemoved: 'messageRemoved';
  declare static readonly messageUpdated: 'messageUpdated';
  declare static readonly tokenAboutToExpire: 'tokenAboutToExpire';
  declare static readonly tokenExpired: 'tokenExpired';
  declare static readonly typingStarted: 'typingStarted';
  declare static readonly typingEnded: 'typingEnded';
  declare static readonly pushNotification: 'pushNotification';
  declare static readonly userSubscribed: 'userSubscribed';
  declare static readonly userUnsubscribed: 'userUnsubscribed';
  declare static readonly userUpdated: 'userUpdated';
  declare static readonly stateChanged: 'stateChanged';
  declare static readonly initialized: 'initialized';
  declare static readonly initFailed: 'initFailed';
  declare static readonly connectionStateChanged: 'connectionStateChanged';
  declare static readonly connectionError: 'connectionError';

  /** The library's version. */
  readonly version: string = VERSION;

  /** Parses an APNs or FCM payload into a PushNotification; throws a typed error for anything else. */
  static parsePushNotification(notificationPayload: unknown): PushNotification {
    return part('push', 'parsePushNotification').parse(notificationPayload);
  }

  /**
   * Kept for compatibility with the reference SDK, where it prepares a shared twilsock connection's
   * registrations. This client owns its connection, so there is nothing to add: it validates the
   * argument and leaves it as it is.
   */
  static populateInitRegistrations(registrations: unknown): void {
    if (registrations === undefined || registrations === null || typeof registrations !== 'object') {
      throw badArgument('populateInitRegistrations', 'registrations', 'an object', registrations);
    }
  }

  /** Instance alias of `Client.parsePushNotification`. */
  readonly parsePushNotification: typeof Client.parsePushNotification = (payload) =>
    Client.parsePushNotification(payload);

  #core: ClientCore;

  /**
   * Connects with an access token. Returns at once; use `initialized$` / `Client.create` to know
   * when it is ready. Throws a `ConversationsError` (TokenInvalid) for a token that is not ours.
   */
  constructor(token: string, options?: ClientOptions | null) {
    super();
    const claims = readToken(token);
    this.#core = new ClientCore(token, resolveOptions(options, tokenUrls(claims)));
    bindEvents(this, this.#core.streams, '', '');
  }

  /** Creates a client and resolves once it is initialized (rejects if initialization fails). */
  static async create(token: string, options?: ClientOptions | null): Promise<Client> {
    const client = new Client(token, options);
    try {
      await client.#core.session.ready();
    } catch (error) {
      client.#core.shutdown(); // nothing of a client that failed to start is left running
      throw error;
    }
    return client;
  }

  // ---- state ----

  /** The connection state. */
  get connectionState(): ConnectionState {
    return selectConnectionState(this.#core.store.getState());
  }

  /** The current user (before initialization, a user with only an identity). */
  get user(): User {
    return this.#core.models.user(this.#core.session.identity());
  }

  /** Whether the server tracks reachability. Throws before initialization. */
  get reachabilityEnabled(): boolean {
    if (this.#core.session.phase !== 'initialized')
      throw new ConversationsError(ErrorCode.NotReady, 'The client is not initialized yet');
    return selectSession(this.#core.store.getState()).reachabilityEnabled;
  }

  /**
   * The store's state: current value on subscribe, then once per batch of changes (after shutdown: the last state, then
   * complete).
   */
  get state$(): Observable<StoreState> {
    return this.#core.store.select(identity);
  }

  /** The current, frozen state. */
  getState(): StoreState {
    return this.#core.store.getState();
  }

  /**
   * The value of `selector` over the state: its current value on subscribe, then each new one,
   * once per batch that changes it (by reference, or by `equals` when given). After shutdown, the
   * last value, then complete.
   */
  select<T>(selector: (state: StoreState) => T, equals?: Equality<T>): Observable<T> {
    if (typeof selector !== 'function') throw badArgument('select', 'selector', 'a function', selector);
    if (equals !== undefined && typeof equals !== 'function')
      throw badArgument('select', 'equals', 'a function', equals);
    return this.#core.store.select(selector, equals);
  }

  /**
   * A conversation by sid, at once: its properties read the store, and its commands (send, edit,
   * mark read, type, load older history...) wait for initialization and are answered by the
   * server (a sid the user may not see fails them with `NotFound`). The same object as every
   * event and method gives for that sid.
   */
  conversation(conversationSid: string): Conversation {
    if (typeof conversationSid !== 'string' || !conversationSid) {
      throw badArgument('conversation', 'conversationSid', 'a non-empty string', conversationSid);
    }
    return this.#core.models.conversation(conversationSid);
  }

  // ---- events as Observables ----

  /** A conversation became visible. */
  declare readonly conversationAdded$: Observable<Conversation>;
  /** The user joined a conversation. */
  declare readonly conversationJoined$: Observable<Conversation>;
  /** The user left a conversation. */
  declare readonly conversationLeft$: Observable<Conversation>;
  /** A conversation is no longer visible. */
  declare readonly conversationRemoved$: Observable<Conversation>;
  /** A conversation changed. */
  declare readonly conversationUpdated$: Observable<ConversationUpdatedEventArgs>;
  /** A participant joined a conversation. */
  declare readonly participantJoined$: Observable<Participant>;
  /** A participant left a conversation. */
  declare readonly participantLeft$: Observable<Participant>;
  /** A participant changed. */
  declare readonly participantUpdated$: Observable<ParticipantUpdatedEventArgs>;
  /** A message was added. */
  declare readonly messageAdded$: Observable<Message>;
  /** A message was removed. */
  declare readonly messageRemoved$: Observable<Message>;
  /** A message changed. */
  declare readonly messageUpdated$: Observable<MessageUpdatedEventArgs>;
  /** The token expires soon: call `updateToken`. */
  declare readonly tokenAboutToExpire$: Observable<void>;
  /** The token expired. */
  declare readonly tokenExpired$: Observable<void>;
  /** A participant started typing. */
  declare readonly typingStarted$: Observable<Participant>;
  /** A participant stopped typing. */
  declare readonly typingEnded$: Observable<Participant>;
  /** A push notification was handled. */
  declare readonly pushNotification$: Observable<PushNotification>;
  /** A user was subscribed. */
  declare readonly userSubscribed$: Observable<User>;
  /** A user was unsubscribed. */
  declare readonly userUnsubscribed$: Observable<User>;
  /** A user changed. */
  declare readonly userUpdated$: Observable<UserUpdatedEventArgs>;
  /** Deprecated in the reference: `initialized` or `failed`. */
  declare readonly stateChanged$: Observable<State>;
  /** The client is initialized. */
  declare readonly initialized$: Observable<void>;
  /** Initialization failed. */
  declare readonly initFailed$: Observable<{ error?: ConnectionErrorInfo }>;
  /** The connection state changed. */
  declare readonly connectionStateChanged$: Observable<ConnectionState>;
  /** The connection failed, or a server frame was malformed. */
  declare readonly connectionError$: Observable<ConnectionErrorInfo>;

  static {
    defineEvents(Client, CLIENT_EVENTS);
  }

  // ---- methods ----

  /** Shuts the client down: closes the connection, rejects what waits, completes every observable. */
  async shutdown(): Promise<void> {
    this.#core.shutdown();
  }

  /**
   * Erases what the persistent cache (`options.cache`) keeps for this server and identity: call it
   * at logout. Works after `shutdown()` too; without a cache it does nothing.
   */
  async clearCache(): Promise<void> {
    await this.#core.session.clearCache();
  }

  /** Re-authenticates with a new token for the same identity, without dropping state. */
  async updateToken(token: string): Promise<Client> {
    await this.#core.session.updateToken(token);
    return this;
  }

  /** A conversation the user takes part in (or can peek), by sid. */
  getConversationBySid(conversationSid: string): Promise<Conversation> {
    return conversationBySid(this.#core, conversationSid);
  }

  /** A conversation the user can see without joining it (a public one, or one they are in). */
  peekConversationBySid(conversationSid: string): Promise<Conversation> {
    return peekConversation(this.#core, 'peekConversationBySid', conversationSid);
  }

  /** A conversation the user takes part in, by unique name. */
  getConversationByUniqueName(uniqueName: string): Promise<Conversation> {
    return conversationByUniqueName(this.#core, uniqueName);
  }

  /** The user's conversations, sorted by latest activity, in pages of 100 (all already in the store). */
  async getSubscribedConversations(): Promise<Paginator<Conversation>> {
    await this.#core.session.ready();
    const sids = selectConversations(this.#core.store.getState()).map((entry) => entry.data.sid);
    return pageOf(
      sids.map((sid) => this.#core.models.conversation(sid)),
      100,
      0
    );
  }

  /** Creates a conversation; the user joins it as its admin. */
  async createConversation(options?: CreateConversationOptions): Promise<Conversation> {
    if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
      throw badArgument('createConversation', 'options', 'an object', options);
    }
    if (options?.attributes !== undefined) checkJson('createConversation', 'options.attributes', options.attributes);
    const args: {
      friendlyName?: string | null;
      uniqueName?: string | null;
      attributes?: JSONValue;
      isPrivate?: boolean;
    } = {};
    if (options?.friendlyName !== undefined) args.friendlyName = options.friendlyName;
    if (options?.uniqueName !== undefined) args.uniqueName = options.uniqueName;
    if (options?.attributes !== undefined) args.attributes = options.attributes;
    if (options?.isPrivate !== undefined) args.isPrivate = options.isPrivate;
    const item = await this.#core.session.command('createConversation', args, (result) =>
      this.#core.session.dispatch({ type: 'conversationsLoaded', items: [result] })
    );
    return this.#core.models.conversation(item.conversation.sid);
  }

  /** A user, subscribed (kept live); past the subscription cap the oldest is unsubscribed. */
  getUser(identity: string): Promise<User> {
    if (typeof identity !== 'string' || !identity)
      return Promise.reject(badArgument('getUser', 'identity', 'a non-empty string', identity));
    return this.#core.session.subscribeUser(identity).then(() => this.#core.models.user(identity));
  }

  /** Parses a push payload and emits it as `pushNotification`. */
  async handlePushNotification(notificationPayload: unknown): Promise<void> {
    const notification = part('push', 'handlePushNotification').parse(notificationPayload);
    await this.#core.session.ready();
    this.#core.pipeline.tell({ type: 'pushNotification', notification });
  }

  /** Registers this device for push notifications on a channel. */
  async setPushRegistrationId(channelType: 'fcm' | 'apn', registrationId: string): Promise<void> {
    await part('push', 'setPushRegistrationId').set(this.#core.session, channelType, registrationId);
  }

  /** Removes this user's registrations of a channel (deprecated in the reference for `removePushRegistrations`). */
  async unsetPushRegistrationId(channelType: 'fcm' | 'apn'): Promise<void> {
    await part('push', 'unsetPushRegistrationId').unset(this.#core.session, channelType);
  }

  /** Removes the registrations of one device token. */
  async removePushRegistrations(channelType: 'fcm' | 'apn', registrationId: string): Promise<void> {
    await part('push', 'removePushRegistrations').remove(this.#core.session, channelType, registrationId);
  }

  /**
   * Temporary URLs (sid → URL) for media sids the user may see, in one request; each is valid
   * for the server's `mediaUrlTtlSeconds` (5 minutes by default) and fetchable from any origin.
   * Rejects with `NotFound` if any sid is not visible to the user; `cancel()` rejects with `Cancelled`.
   */
  getTemporaryContentUrlsForMediaSids(mediaSids: string[]): CancellablePromise<Map<string, string>> {
    const method = 'getTemporaryContentUrlsForMediaSids';
    return part('media', method).temporaryUrlsForSids(this.#core.session, method, mediaSids);
  }

  /** The same, given Media objects. */
  getTemporaryContentUrlsForMedia(contentSet: Media[]): CancellablePromise<Map<string, string>> {
    const method = 'getTemporaryContentUrlsForMedia';
    return part('media', method).temporaryUrlsForMedia(this.#core.session, method, contentSet);
  }

  /** The service's rich content templates (frozen; fetched at most once per 5 s). */
  async getContentTemplates(): Promise<Readonly<ContentTemplate[]>> {
    return part('templates', 'getContentTemplates').templates(this.#core.session);
  }

  /**
   * Beyond the reference: the messages the user may read (in the conversations they take part in,
   * or in `options.conversationSid`) whose body has every word of `query` — the last word may be
   * the start of one — newest first, paged (`options.pageSize`, 20 by default), each with where it
   * matched.
   */
  searchMessages(query: string, options?: SearchMessagesOptions): Promise<Paginator<SearchHit>> {
    return searchMessages(this.#core.session, this.#core.models, query, options);
  }

  /** The current user and every subscribed user. */
  async getSubscribedUsers(): Promise<User[]> {
    await this.#core.session.ready();
    return selectSubscribedUsers(this.#core.store.getState()).map((entry) =>
      this.#core.models.user(entry.data.identity)
    );
  }
}

const identity = <T>(value: T): T => value;

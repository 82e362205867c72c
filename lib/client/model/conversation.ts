import type { Observable } from 'rxjs';
import { ErrorCode, LIMITS, type JSONValue, type ParticipantData } from '../../protocol';
import { ConversationsError, badArgument, checkJson } from '../errors';
import { defineEvents, Evented } from '../events/evented';
import { rosterList } from '../store/select/participants';
import { selectConversation, selectParticipants, selectRoster } from '../store/selectors';
import type { ConversationEntry, RosterEntry, State } from '../store/state';
import type {
  ConversationBindings,
  ConversationLimits,
  ConversationState,
  ConversationStatus,
  LastMessage,
  NotificationLevel,
  Paginator,
  ParticipantBindingOptions,
  ParticipantResponse,
  SendEmailOptions,
  SendMessageOptions,
  SendMediaOptions
} from '../types';
import type { ConversationUpdatedEventArgs, ParticipantUpdatedEventArgs, MessageUpdatedEventArgs } from './event-args';
import type { RecipientDescriptor } from './channel';
import type { ModelContext } from './context';
import { DateCache } from './dates';
import { liveProperties } from './live-properties';
import type { Message } from './message';
import { getMessages, loadOlder, messageByIndex } from './message-pages';
import type { Models } from './models';
import type { Participant } from './participant';
import { conversationActions } from './conversation-actions';
import { ViewCache, conversationLimits, conversationStateView, lastMessageView } from './conversation-views';
import type { MessageBuilder } from './message-builder';
import { part } from './parts';

/** The events of a Conversation, by name, with their payloads. */
export interface ConversationEvents {
  participantJoined: Participant;
  participantLeft: Participant;
  participantUpdated: ParticipantUpdatedEventArgs;
  messageAdded: Message;
  messageRemoved: Message;
  messageUpdated: MessageUpdatedEventArgs;
  typingStarted: Participant;
  typingEnded: Participant;
  updated: ConversationUpdatedEventArgs;
  removed: Conversation;
}

const EMPTY_BINDINGS: ConversationBindings = Object.freeze({});

let create: (ctx: ModelContext, models: Models, sid: string) => Conversation;
let retain: (conversation: Conversation, last: ConversationEntry, lastRoster: RosterEntry | undefined) => void;
let lastRosterOf: (conversation: Conversation) => RosterEntry | undefined;

/**
 * A conversation: a live view over the store (its properties always read the current state) that
 * sends commands. The same sid gives the same object for the client's life. Properties are own
 * and enumerable, so `{ ...conversation }` copies their current values.
 */
export class Conversation extends Evented<ConversationEvents> {
  /** The conversation's sid. */
  declare readonly sid: string;
  declare readonly uniqueName: string | null;
  declare readonly friendlyName: string | null;
  declare readonly status: ConversationStatus;
  declare readonly dateCreated: Date | null;
  declare readonly dateUpdated: Date | null;
  /** Identity of the creator. */
  declare readonly createdBy: string;
  declare readonly attributes: JSONValue;
  /** The user's read horizon; null until first set. */
  declare readonly lastReadMessageIndex: number | null;
  /** The newest message, with a preview. */
  declare readonly lastMessage: LastMessage | undefined;
  declare readonly notificationLevel: NotificationLevel;
  declare readonly limits: ConversationLimits;
  declare readonly state: ConversationState | undefined;
  declare readonly bindings: ConversationBindings;
  /** Messages after the read horizon (exact, live); null until the horizon is first set. Not in the reference. */
  declare readonly unreadCount: number | null;
  /** Whether only participants may see it. Not in the reference. */
  declare readonly isPrivate: boolean;

  #ctx: ModelContext;
  #models: Models;
  #sid: string;
  #select: (state: State) => ConversationEntry | undefined;
  #last: ConversationEntry | undefined;
  /** The roster held when the user left, so the app can still list who was there. */
  #lastRoster: RosterEntry | undefined;
  #dates = new DateCache();
  #lastMessage = new ViewCache(lastMessageView);
  #state = new ViewCache(conversationStateView);
  #participantsMap = new ViewCache((participants: readonly ParticipantData[]) =>
    readOnlyMap(new Map(participants.map((p) => [p.sid, this.#models.participant(this.#sid, p.sid)])))
  );
  /** The roster request under way, shared by every caller (a list rendering receipts asks many times). */
  #loadingParticipants: Promise<Participant[]> | null = null;
  #lastRosterList = new ViewCache((roster: RosterEntry) => rosterList(roster.bySid));
  #typingSentAt = -Infinity;

  private constructor(ctx: ModelContext, models: Models, sid: string) {
    super();
    this.#ctx = ctx;
    this.#models = models;
    this.#sid = sid;
    this.#select = selectConversation(sid);
    Object.defineProperties(this, Conversation.#properties);
  }

  /** The names of the events, as the reference SDK gives them (`Conversation.participantJoined`). */
  declare static readonly participantJoined: 'participantJoined';
  declare static readonly participantLeft: 'participantLeft';
  declare static readonly participantUpdated: 'participantUpdated';
  declare static readonly messageAdded: 'messageAdded';
  declare static readonly messageRemoved: 'messageRemoved';
  declare static readonly messageUpdated: 'messageUpdated';
  declare static readonly typingStarted: 'typingStarted';
  declare static readonly typingEnded: 'typingEnded';
  declare static readonly updated: 'updated';
  declare static readonly removed: 'removed';

  static {
    defineEvents(Conversation, [
      'participantJoined',
      'participantLeft',
      'participantUpdated',
      'messageAdded',
      'messageRemoved',
      'messageUpdated',
      'typingStarted',
      'typingEnded',
      'updated',
      'removed'
    ]);
    create = (ctx, models, sid) => new Conversation(ctx, models, sid);
    retain = (conversation, last, lastRoster) => {
      conversation.#last = last;
      if (lastRoster !== undefined) conversation.#lastRoster = lastRoster;
    };
    lastRosterOf = (conversation) => conversation.#lastRoster;
  }

  static #properties = liveProperties<Conversation, string>({
    sid: (self) => self.#sid,
    uniqueName: (self) => self.#entry()?.data.uniqueName ?? null,
    friendlyName: (self) => self.#entry()?.data.friendlyName ?? null,
    status: (self) => self.#select(self.#ctx.getState())?.status ?? 'notParticipating',
    dateCreated: (self) => self.#dates.get('created', self.#entry()?.data.dateCreated),
    dateUpdated: (self) => self.#dates.get('updated', self.#entry()?.data.dateUpdated),
    createdBy: (self) => self.#entry()?.data.createdBy ?? '',
    attributes: (self) => self.#entry()?.data.attributes ?? {},
    lastReadMessageIndex: (self) => self.#entry()?.lastReadMessageIndex ?? null,
    lastMessage: (self) => self.#lastMessage.get(self.#entry()?.data.lastMessage),
    notificationLevel: (self) => self.#entry()?.notificationLevel ?? 'default',
    limits: (self) => conversationLimits(self.#ctx),
    state: (self) => self.#state.get(self.#entry()?.data.state),
    bindings: () => EMPTY_BINDINGS,
    unreadCount: (self) => self.#entry()?.unreadCount ?? null,
    isPrivate: (self) => self.#entry()?.data.isPrivate ?? true
  });

  #entry(): ConversationEntry | undefined {
    const live = this.#select(this.#ctx.getState());
    if (live) this.#last = live;
    return this.#last;
  }

  /**
   * The participants, by participant sid, as the reference SDK keeps them for joined conversations
   * (its typings declare it, and applications read it): live from the store, a new Map whenever
   * the roster changes; after the user left, the roster held then. Read-only: `set`, `delete` and
   * `clear` throw (the same Map is given to every reader).
   */
  get _participants(): Map<string, Participant> {
    const state = this.#ctx.getState();
    const held =
      this.#select(state) === undefined && this.#lastRoster !== undefined
        ? this.#lastRosterList.get(this.#lastRoster)
        : selectParticipants(this.#sid)(state);
    return this.#participantsMap.get(held);
  }

  /** The roster held now, or the one held when the user left. */
  #roster(): RosterEntry | undefined {
    const state = this.#ctx.getState();
    return selectRoster(this.#sid)(state) ?? (this.#select(state) === undefined ? this.#lastRoster : undefined);
  }

  // ---- events as Observables ----

  /** A participant joined. */
  declare readonly participantJoined$: Observable<Participant>;
  /** A participant left. */
  declare readonly participantLeft$: Observable<Participant>;
  /** A participant changed. */
  declare readonly participantUpdated$: Observable<ParticipantUpdatedEventArgs>;
  /** A message was added on the server (it has its index). */
  declare readonly messageAdded$: Observable<Message>;
  /** A held message was removed. */
  declare readonly messageRemoved$: Observable<Message>;
  /** A held message changed. */
  declare readonly messageUpdated$: Observable<MessageUpdatedEventArgs>;
  /** A participant started typing. */
  declare readonly typingStarted$: Observable<Participant>;
  /** A participant stopped typing. */
  declare readonly typingEnded$: Observable<Participant>;
  /** The conversation changed. */
  declare readonly updated$: Observable<ConversationUpdatedEventArgs>;
  /** The conversation was deleted, or the user left it. */
  declare readonly removed$: Observable<Conversation>;

  // ---- membership ----

  /** Joins the conversation (succeeds when already a participant). */
  async join(): Promise<Conversation> {
    await this.#ctx.command('joinConversation', { conversationSid: this.#sid }, (item) =>
      this.#ctx.dispatch({ type: 'conversationsLoaded', items: [item] })
    );
    return this;
  }

  /** Leaves the conversation; does nothing unless joined. */
  async leave(): Promise<Conversation> {
    await this.#ctx.ready();
    if (this.status !== 'joined') return this;
    await this.#ctx.command('leaveConversation', { conversationSid: this.#sid });
    return this;
  }

  /** Adds a user by identity; answers the reference's REST participant shape. */
  add(identity: string, attributes?: JSONValue): Promise<ParticipantResponse> {
    return conversationActions.add(this.#ctx, this.#sid, identity, attributes);
  }

  /** Not available: this server has no SMS/WhatsApp/email gateway. */
  async addNonChatParticipant(
    proxyAddress: string,
    address: string,
    attributes?: JSONValue,
    bindingOptions?: ParticipantBindingOptions
  ): Promise<ParticipantResponse> {
    void [proxyAddress, address, attributes, bindingOptions];
    throw new ConversationsError(
      ErrorCode.NotSupported,
      'addNonChatParticipant: this server has no SMS, WhatsApp or email gateway'
    );
  }

  /** Removes a participant, given as a Participant, a participant sid or an identity. */
  removeParticipant(participant: string | Participant): Promise<void> {
    return conversationActions.removeParticipant(this.#ctx, this.#sid, participant);
  }

  // ---- messages ----

  /**
   * Sends a text message, or one media (`SendMediaOptions` or a `FormData` holding a file, uploaded
   * first), and resolves with its index. The message shows at once as pending in `selectMessages`
   * (with its media sids), and `messageAdded` fires when the server has it.
   */
  async sendMessage(
    message: null | string | FormData | SendMediaOptions,
    messageAttributes?: JSONValue,
    emailOptions?: SendEmailOptions,
    options?: SendMessageOptions
  ): Promise<number> {
    void emailOptions;
    return conversationActions.sendMessage(this.#ctx, this.#sid, message, messageAttributes, options);
  }

  /** A builder for a message with media, a content template, attributes (the preferred way to send). */
  prepareMessage(): MessageBuilder {
    return part('media', 'prepareMessage').createMessageBuilder(this.#ctx, this.#sid, this.limits);
  }

  /** Sends a failed message again (same key: it can only ever be one message). */
  retryMessage(key: string): Promise<number> {
    if (typeof key !== 'string' || !key)
      return Promise.reject(badArgument('retryMessage', 'key', 'a non-empty string', key));
    return conversationActions.retry(this.#ctx, this.#sid, key);
  }

  /** Drops a failed message from the store. */
  discardMessage(key: string): void {
    if (typeof key !== 'string' || !key) throw badArgument('discardMessage', 'key', 'a non-empty string', key);
    this.#ctx.dispatch({ type: 'pendingRemoved', conversationSid: this.#sid, key });
  }

  /**
   * A page of messages in ascending index order: by default the newest `pageSize` (30, at most
   * 100). `prevPage` goes to older messages, `nextPage` to newer ones.
   */
  getMessages(
    pageSize: number = LIMITS.defaultMessagesPageSize,
    anchor?: number,
    direction: 'backwards' | 'forward' = 'backwards'
  ): Promise<Paginator<Message>> {
    return getMessages(this.#ctx, this.#models, this.#sid, pageSize, anchor, direction);
  }

  /**
   * Loads the page of messages before the oldest one held (the newest page when none is held)
   * into the store, for infinite scroll: `selectHistory(sid)` shows the messages, whether there
   * are older ones, and the loading and error state. Resolves with the number loaded (0 when there
   * is nothing older).
   */
  loadOlder(count: number = LIMITS.defaultMessagesPageSize): Promise<number> {
    return loadOlder(this.#ctx, this.#sid, count);
  }

  /**
   * Beyond the reference: the message of `index` — the same object events and pages give — from
   * the store when it holds it (no request: a list rendered from `selectMessageViews` acts on its
   * rows this way), else fetched; `NotFound` if there is none.
   */
  getMessage(index: number): Promise<Message> {
    return messageByIndex(this.#ctx, this.#models, this.#sid, index);
  }

  /** The number of messages (exact and live, from the store). */
  async getMessagesCount(): Promise<number> {
    await this.#ctx.ready();
    return this.#entry()?.data.messagesCount ?? 0;
  }

  /** Messages after the user's read horizon, or null until the horizon is set (exact and live). */
  async getUnreadMessagesCount(): Promise<number | null> {
    await this.#ctx.ready();
    const entry = this.#select(this.#ctx.getState());
    if (!entry || entry.status !== 'joined') {
      throw new ConversationsError(ErrorCode.NotFound, 'Conversation was not found in the user conversations list');
    }
    return entry.unreadCount;
  }

  /** The number of participants (exact and live). */
  async getParticipantsCount(): Promise<number> {
    await this.#ctx.ready();
    return this.#entry()?.data.participantsCount ?? 0;
  }

  // ---- participants ----

  /**
   * The whole roster: held for joined conversations (fetched once otherwise, then kept live);
   * after the user left, the roster held then.
   */
  getParticipants(): Promise<Participant[]> {
    this.#loadingParticipants ??= conversationActions
      .participants(this.#ctx, this.#models, this.#sid, () => this.#roster())
      .finally(() => (this.#loadingParticipants = null));
    return this.#loadingParticipants;
  }

  /** The participant with this sid; rejects with NotFound if there is none. */
  getParticipantBySid(participantSid: string): Promise<Participant> {
    return conversationActions.participantBy(
      this.#ctx,
      this.#models,
      this.#sid,
      () => this.#roster(),
      'sid',
      participantSid
    );
  }

  /** The participant with this identity; rejects with NotFound if there is none. */
  getParticipantByIdentity(identity?: string | null): Promise<Participant> {
    return conversationActions.participantBy(
      this.#ctx,
      this.#models,
      this.#sid,
      () => this.#roster(),
      'identity',
      identity
    );
  }

  // ---- read horizon ----

  /** Sets the read horizon to `index` (or null); answers the unread count. */
  updateLastReadMessageIndex(index: number | null): Promise<number> {
    if (index !== null && (!Number.isInteger(index) || index < 0)) {
      return Promise.reject(badArgument('updateLastReadMessageIndex', 'index', 'a message index or null', index));
    }
    return conversationActions.horizon(this.#ctx, this.#sid, index === null ? 'none' : 'set', index);
  }

  /** Moves the read horizon forward to `index` (never back); answers the unread count. */
  advanceLastReadMessageIndex(index: number): Promise<number> {
    if (!Number.isInteger(index) || index < 0)
      return Promise.reject(badArgument('advanceLastReadMessageIndex', 'index', 'a message index', index));
    return conversationActions.horizon(this.#ctx, this.#sid, 'advance', index);
  }

  /** Marks every message read; answers the unread count (0). */
  setAllMessagesRead(): Promise<number> {
    return conversationActions.horizon(this.#ctx, this.#sid, 'all', null);
  }

  /** Clears the read horizon; answers the number of messages, all unread now. */
  async setAllMessagesUnread(): Promise<number> {
    await conversationActions.horizon(this.#ctx, this.#sid, 'none', null);
    return this.#entry()?.data.messagesCount ?? 0;
  }

  /** Mutes or unmutes push notifications of this conversation for the user. */
  async setUserNotificationLevel(level: NotificationLevel): Promise<void> {
    if (level !== 'default' && level !== 'muted')
      throw badArgument('setUserNotificationLevel', 'level', "'default' or 'muted'", level);
    await this.#ctx.command('setNotificationLevel', { conversationSid: this.#sid, level });
  }

  /** Tells the others the user is typing. Call it on every keystroke: it sends at most once per typing timeout. */
  async typing(): Promise<void> {
    const now = this.#ctx.scheduler.now();
    if (now - this.#typingSentAt < this.#ctx.options.typingTimeoutMs) return;
    this.#typingSentAt = now;
    await this.#ctx.command('typing', { conversationSid: this.#sid });
  }

  // ---- shared fields ----

  /** The attributes. */
  async getAttributes(): Promise<JSONValue> {
    await this.#ctx.ready();
    return this.attributes;
  }

  /** Renames the conversation (no request when unchanged). */
  async updateFriendlyName(friendlyName: string): Promise<Conversation> {
    if (typeof friendlyName !== 'string')
      throw badArgument('updateFriendlyName', 'friendlyName', 'a string', friendlyName);
    await this.#ctx.ready();
    if (friendlyName === this.friendlyName) return this;
    return conversationActions.update(this.#ctx, this, { sid: this.#sid, friendlyName });
  }

  /** Sets or clears (null) the unique name (no request when unchanged). */
  async updateUniqueName(uniqueName: string | null): Promise<Conversation> {
    if (uniqueName !== null && typeof uniqueName !== 'string')
      throw badArgument('updateUniqueName', 'uniqueName', 'a string or null', uniqueName);
    await this.#ctx.ready();
    const next = uniqueName === '' ? null : uniqueName;
    if (next === this.uniqueName) return this;
    return conversationActions.update(this.#ctx, this, { sid: this.#sid, uniqueName: next });
  }

  /** Replaces the attributes. */
  async updateAttributes(attributes: JSONValue): Promise<Conversation> {
    checkJson('updateAttributes', 'attributes', attributes);
    return conversationActions.update(this.#ctx, this, { sid: this.#sid, attributes });
  }

  /** Deletes the conversation (admins only). */
  async delete(): Promise<Conversation> {
    await this.#ctx.command('deleteConversation', { sid: this.#sid });
    return this;
  }

  /** Not available: email recipients need an email gateway this server does not have (rejects `NotSupported`). */
  async getMessageRecipients(options?: { pageSize?: number }): Promise<Paginator<RecipientDescriptor>> {
    void options;
    throw new ConversationsError(ErrorCode.NotSupported, 'getMessageRecipients: this server has no email gateway');
  }
}

/** Makes the Conversation of a sid (the registry's job: one object per sid). */
export function createConversation(ctx: ModelContext, models: Models, sid: string): Conversation {
  return create(ctx, models, sid);
}

/** `map`, whose `set`, `delete` and `clear` throw. */
function readOnlyMap<K, V>(map: Map<K, V>): Map<K, V> {
  const refuse = (): never => {
    throw new ConversationsError(ErrorCode.BadRequest, '_participants is read-only: it shows the store');
  };
  return Object.defineProperties(map, { set: { value: refuse }, delete: { value: refuse }, clear: { value: refuse } });
}

/** The roster a conversation held when the user left it, if they did. */
export function lastRosterOfConversation(conversation: Conversation): RosterEntry | undefined {
  return lastRosterOf(conversation);
}

/** Keeps the last entry (and roster) of a conversation the store let go of, so the object still reads them. */
export function retainConversation(
  conversation: Conversation,
  last: ConversationEntry,
  lastRoster?: RosterEntry
): void {
  retain(conversation, last, lastRoster);
}

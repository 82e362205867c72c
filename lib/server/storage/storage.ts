import type { ReplyPreviewData } from '../../protocol';
import type {
  ApiKeyRecord,
  ConversationRecord,
  DeliveryRecord,
  NewOutboxRecord,
  OutboxRecord,
  RoleRecord,
  WebhookRecord,
  EventRecord,
  ListPosition,
  MediaRecord,
  MediaScope,
  MessageRecord,
  NewEvent,
  ParticipantRecord,
  PushRegistration,
  ReactionRecord,
  SearchMatch,
  SearchPosition,
  TemplateRecord,
  UserConversationRecord,
  UserRecord
} from './records';

/** What an access check reads (see `Reader.accessRows`). */
export interface AccessRows {
  conversation: ConversationRecord | null;
  participant: ParticipantRecord | null;
  user: UserRecord | null;
  /** Those of the roles asked for that are stored. */
  roles: RoleRecord[];
  /** The message sent with the key asked for, if any. */
  earlier: MessageRecord | null;
}

/**
 * The read side of storage: small async queries. Engines may answer synchronously behind
 * resolved promises (SQLite) or over the network (PostgreSQL); callers only `await`.
 */
export interface Reader {
  /** The newest position in the event sequence (0 when nothing was ever appended). */
  head(): Promise<number>;
  /** Events with seq at most this were pruned: resuming from before it needs a resync. */
  prunedThrough(): Promise<number>;
  /**
   * Events after `position` that `identity` may see, in seq order, at most `limit`: events of
   * conversations during the identity's memberships, and events targeted at it.
   */
  eventsVisibleTo(identity: string, position: number, limit: number): Promise<EventRecord[]>;
  /** Every event after `position`, in seq order, at most `limit` (a hub filling a gap). */
  eventsAfter(position: number, limit: number): Promise<EventRecord[]>;

  getConversation(sid: string): Promise<ConversationRecord | null>;
  getConversationByUniqueName(uniqueName: string): Promise<ConversationRecord | null>;
  /** Every conversation by latest activity (then sid) descending, after `after`: the service's list. */
  listConversations(after: ListPosition | null, limit: number): Promise<ConversationRecord[]>;

  getParticipant(conversationSid: string, identity: string): Promise<ParticipantRecord | null>;
  /**
   * What an access check reads, in one read where the engine can: the conversation (in a write, locked
   * first), `identity`'s participant in it and user, the stored roles of `roleNames`, and with `key`
   * the message `identity` sent into it with that key. When the conversation is not found, nothing else
   * is (nulls, no roles).
   */
  accessRows(
    conversationSid: string,
    identity: string,
    roleNames: readonly string[],
    key?: string
  ): Promise<AccessRows>;
  getParticipantBySid(conversationSid: string, participantSid: string): Promise<ParticipantRecord | null>;
  /** The roster, oldest participant first. */
  listParticipants(conversationSid: string): Promise<ParticipantRecord[]>;
  /**
   * The rosters of those of `conversationSids` that `identity` takes part in, in one read: by
   * conversation sid, then oldest participant first.
   */
  listRostersOf(identity: string, conversationSids: readonly string[]): Promise<ParticipantRecord[]>;
  /** Sids of the conversations `identity` takes part in as of the log's head (its open memberships). */
  conversationSidsOf(identity: string): Promise<string[]>;
  /** The identity's conversations by latest activity (then sid) descending, after `after`. */
  listUserConversations(identity: string, after: ListPosition | null, limit: number): Promise<UserConversationRecord[]>;

  getMessage(conversationSid: string, messageSid: string): Promise<MessageRecord | null>;
  getMessageByKey(conversationSid: string, author: string, key: string): Promise<MessageRecord | null>;
  /** Up to `limit` messages with index ≤ `maxIndex` (all when null), newest first. */
  messagesDescending(conversationSid: string, maxIndex: number | null, limit: number): Promise<MessageRecord[]>;
  /** Up to `limit` messages with index ≥ `minIndex` (all when null), oldest first. */
  messagesAscending(conversationSid: string, minIndex: number | null, limit: number): Promise<MessageRecord[]>;
  /** Whether a message with index < `index` exists. */
  hasMessageBefore(conversationSid: string, index: number): Promise<boolean>;
  /** Whether a message with index > `index` exists. */
  hasMessageAfter(conversationSid: string, index: number): Promise<boolean>;
  /** Messages with index > `index`. */
  countMessagesAfter(conversationSid: string, index: number): Promise<number>;
  /** The newest message, or null. */
  lastMessage(conversationSid: string): Promise<MessageRecord | null>;

  /** The reactions on a message, oldest first (then by key and identity). */
  reactionsOf(messageSid: string): Promise<Pick<ReactionRecord, 'identity' | 'key'>[]>;
  /** How many reaction keys `identity` has on a message. */
  countReactionsBy(messageSid: string, identity: string): Promise<number>;
  /** The keys `identity` reacted with, by message sid, for those of `messageSids` it reacted on. */
  myReactions(identity: string, messageSids: readonly string[]): Promise<Map<string, string[]>>;
  /** Messages with index > `index` that mention `identity`. */
  countMentionsAfter(identity: string, conversationSid: string, index: number): Promise<number>;
  /**
   * The messages of the conversations `identity` takes part in (only `conversationSid`'s, unless
   * null) whose body has every one of `terms` (lower-case words of letters and digits; the last may
   * be the start of a word), newest first, after `after` (null: from the newest), at most `limit`.
   */
  searchMessages(
    identity: string,
    terms: readonly string[],
    conversationSid: string | null,
    after: SearchPosition | null,
    limit: number
  ): Promise<SearchMatch[]>;

  getUser(identity: string): Promise<UserRecord | null>;
  /** Whether the identity has any push registration. */
  hasPushRegistration(identity: string): Promise<boolean>;
  /**
   * The push registrations of the conversation's participants whose notification level is
   * `default`, except `excludeIdentity`'s (null: nobody excluded).
   */
  pushRegistrationsIn(conversationSid: string, excludeIdentity: string | null): Promise<PushRegistration[]>;
  /** The identity's push registrations. */
  pushRegistrationsOf(identity: string): Promise<PushRegistration[]>;

  getMedia(sid: string): Promise<MediaRecord | null>;

  /** Every content template, oldest first. */
  listTemplates(): Promise<TemplateRecord[]>;
  getTemplate(sid: string): Promise<TemplateRecord | null>;

  /** A stored role by name (the defaults are stored only once edited). */
  getRole(name: string): Promise<RoleRecord | null>;
  /** The stored roles of these names, in no order (those never edited are not stored). */
  getRoles(names: readonly string[]): Promise<RoleRecord[]>;
  /** Every stored role, oldest first. */
  listRoles(): Promise<RoleRecord[]>;
  /** Whether any participant or user has the role. */
  roleInUse(name: string): Promise<boolean>;

  /** The API key whose secret hashes to `secretHash`. */
  getApiKeyByHash(secretHash: string): Promise<ApiKeyRecord | null>;
  /** Every API key, oldest first. */
  listApiKeys(): Promise<ApiKeyRecord[]>;

  getWebhook(sid: string): Promise<WebhookRecord | null>;
  /** The service's webhooks (`conversationSid` null) or a conversation's, oldest first. */
  listWebhooks(conversationSid: string | null): Promise<WebhookRecord[]>;
  /**
   * The post-event webhooks an event of the conversation (none: of the service) goes to: the service's and the
   * conversation's.
   */
  postWebhooksFor(conversationSid: string | null): Promise<WebhookRecord[]>;

  /** A value of the service's settings (`webhook_secret`, ...), or null. */
  getSetting(key: string): Promise<string | null>;

  /**
   * A page of the delivery log, newest first, before the entry `beforeId` (null: the newest), of one webhook or all.
   */
  listDeliveries(webhookSid: string | null, beforeId: number | null, limit: number): Promise<DeliveryRecord[]>;
  /** Calls waiting in the outbox. */
  countOutbox(): Promise<number>;
}

/** An appended event's seq, by the ref `appendEvent` answered. */
export type SeqOf = (ref: number) => number;

/** The write side: a reader plus changes, all inside one transaction. */
export interface Tx extends Reader {
  /**
   * Reads of this transaction that lock nothing. A write transaction's reads of a conversation
   * (and of a user, an upload) lock the row until the transaction ends, so that concurrent
   * changes to it are serialized; a change that writes none of what it reads (a participant's
   * own delivery or read horizon) reads through this instead and does not wait for them.
   */
  unlocked(): Reader;
  /**
   * Appends an event and answers its ref: the name of the event until it is numbered, which the
   * transaction's `afterCommit` maps to its seq (one more than any before, never reused). The
   * event's membership change (memberships.ts) is recorded at its seq.
   */
  appendEvent(event: NewEvent, createdAt: number): Promise<number>;
  /** Deletes events created before `before`; answers how many. */
  pruneEvents(before: number): Promise<number>;

  insertConversation(record: ConversationRecord): Promise<void>;
  /** Replaces the stored conversation with the same sid. */
  updateConversation(record: ConversationRecord): Promise<void>;
  /** Deletes a conversation with its participants, messages, reactions and mentions (events and memberships stay). */
  deleteConversation(sid: string): Promise<void>;

  insertParticipant(record: ParticipantRecord): Promise<void>;
  updateParticipant(record: ParticipantRecord): Promise<void>;
  deleteParticipant(participantSid: string): Promise<void>;

  /** Stores a message, its mentions and (through the engine) its words for search. */
  insertMessage(record: MessageRecord): Promise<void>;
  /**
   * A send's writes, in one statement where the engine can: inserts `message` (as `insertMessage`),
   * replaces `conversation` (as `updateConversation`) and appends `event` (as `appendEvent`,
   * answering its ref).
   */
  appendMessage(
    message: MessageRecord,
    conversation: ConversationRecord,
    event: NewEvent,
    createdAt: number
  ): Promise<number>;
  /** Replaces a message; its mentions and searched words follow. */
  updateMessage(record: MessageRecord): Promise<void>;
  /** Deletes a message with its reactions and mentions; it leaves search at once. */
  deleteMessage(messageSid: string): Promise<void>;
  /** Sets the preview the replies to a message carry (it was edited or removed); answers how many there are. */
  updateReplyPreviews(conversationSid: string, parentSid: string, preview: ReplyPreviewData): Promise<number>;
  /** Adds a reaction; answers false when the identity already had that key on the message. */
  addReaction(record: ReactionRecord): Promise<boolean>;
  /** Removes a reaction; answers whether there was one. */
  removeReaction(messageSid: string, identity: string, key: string): Promise<boolean>;
  /** Stores a message's reaction summary (`reactions`), nothing else of it. */
  setMessageReactions(messageSid: string, reactions: NonNullable<MessageRecord['reactions']>): Promise<void>;

  /** Creates the user if unknown; answers the stored user either way. */
  ensureUser(record: UserRecord): Promise<UserRecord>;
  updateUser(record: UserRecord): Promise<void>;

  insertMedia(record: MediaRecord): Promise<void>;
  /** Attaches uploaded media to a message. */
  attachMedia(sids: readonly string[], conversationSid: string, messageSid: string): Promise<void>;
  /** Deletes the media in `scope`; answers them, so their bytes can be deleted once the transaction commits. */
  deleteMedia(scope: MediaScope): Promise<MediaRecord[]>;

  insertTemplate(record: TemplateRecord): Promise<void>;
  /** Deletes a template; answers whether it existed. */
  deleteTemplate(sid: string): Promise<boolean>;

  /** Stores a role (replacing the one with its sid). */
  saveRole(record: RoleRecord): Promise<void>;
  /** Deletes a stored role; answers whether it existed. */
  deleteRole(sid: string): Promise<boolean>;

  insertApiKey(record: ApiKeyRecord): Promise<void>;
  /** Deletes an API key; answers whether it existed. */
  deleteApiKey(sid: string): Promise<boolean>;

  /** Stores a webhook (replacing the one with its sid). */
  saveWebhook(record: WebhookRecord): Promise<void>;
  /** Deletes a webhook; answers whether it existed. */
  deleteWebhook(sid: string): Promise<boolean>;
  setSetting(key: string, value: string): Promise<void>;

  /** Writes post-event webhook calls to the outbox (in the transaction of their event). */
  insertOutbox(records: readonly NewOutboxRecord[]): Promise<void>;
  /**
   * Takes the calls due at `now` that no process holds, for `owner` until `leaseUntil`: from at
   * most `keys` ordering keys, each key's first `perKey` calls in order (a call is held by one
   * process at a time; another skips it). Answers them by ordering key, then id.
   */
  leaseOutbox(now: number, leaseUntil: number, owner: string, keys: number, perKey: number): Promise<OutboxRecord[]>;
  /** Removes delivered calls still held by `owner`. */
  completeOutbox(ids: readonly number[], owner: string): Promise<void>;
  /** Releases a call held by `owner` for another attempt at `nextAttemptAt`, its `attempts` counted. */
  retryOutbox(id: number, owner: string, attempts: number, nextAttemptAt: number): Promise<void>;
  /** Releases calls held by `owner` that it did not attempt. */
  releaseOutbox(ids: readonly number[], owner: string): Promise<void>;
  insertDeliveries(records: readonly Omit<DeliveryRecord, 'id'>[]): Promise<void>;
  /** Deletes delivery log entries older than `before`; answers how many. */
  pruneDeliveries(before: number): Promise<number>;

  addPushRegistration(registration: PushRegistration, now: number): Promise<void>;
  /** Removes one registration, or all of the identity's on that channel when `registrationId` is null. */
  removePushRegistration(
    identity: string,
    channelType: PushRegistration['channelType'],
    registrationId: string | null
  ): Promise<void>;
}

/**
 * Where the service keeps its state. Engine-agnostic: SQLite (one process, one job at a time)
 * and PostgreSQL (many processes, concurrent transactions).
 *
 * `transaction` runs `fn` atomically; if it throws, nothing changes. The events transactions
 * append are numbered with no gap, and a snapshot that holds seq *n* holds every seq below it; two
 * transactions that wrote the same row (every change inside a conversation locks it) have their
 * events numbered in their commit order. `afterCommit` runs once the change is durable and its
 * events numbered, with `seqOf` (an event's ref to its seq), before the returned promise settles;
 * with concurrent transactions the callbacks may run out of seq order (the hub re-orders by seq).
 * `fn` must await only the `tx` it is given, and may run more than once (an engine retries a
 * transaction that lost a race).
 */
export interface Storage {
  /**
   * `group`: the conversation `fn` changes, when known before it runs (a send). Transactions of one
   * group may share a commit, each still atomic on its own: PostgreSQL queues them in process behind
   * the group's transaction under way (not on the conversation's row lock) and runs those that waited
   * as one transaction; SQLite groups every transaction already.
   */
  transaction<T>(
    fn: (tx: Tx) => Promise<T>,
    afterCommit?: (value: T, seqOf: SeqOf) => void,
    group?: string
  ): Promise<T>;
  /**
   * Runs queries that see one consistent state: every transaction committed before it, whole, and
   * nothing else; and the log (head, events, memberships) as numbered then, whole: it may lag the
   * rows by the events still being numbered (PostgreSQL), never lead them.
   */
  read<T>(fn: (reader: Reader) => Promise<T>): Promise<T>;
  /** Waits for queued work, then closes. Later calls fail. */
  close(): Promise<void>;
}

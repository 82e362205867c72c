import type { Observable } from 'rxjs';
import {
  ErrorCode,
  type JSONValue,
  type MessageData,
  type ParticipantData,
  type ReplyPreviewData
} from '../../protocol';
import type { ContentData } from '../content/content-data';
import { ConversationsError, badArgument, checkJson } from '../errors';
import { CancellablePromise } from '../media/cancellable-promise';
import { createMedia, type Media } from '../media/media';
import { optionalPart, part } from './parts';
import { defineEvents, Evented } from '../events/evented';
import type { AggregatedDeliveryReceipt } from '../receipts/aggregated-delivery-receipt';
import type { DetailedDeliveryReceipt } from '../receipts/detailed-delivery-receipt';
import type { Writable } from '../store/records';
import {
  type ReactionView,
  selectConversation,
  selectMessageReceipt,
  selectReactions,
  selectRoster
} from '../store/selectors';
import { heldMessage } from '../store/select/messages';
import { DateCache } from './dates';
import { liveProperties } from './live-properties';
import type { MediaCategory, MessageType } from '../types';
import type { MessageUpdatedEventArgs } from './event-args';
import type { ChannelMetadata, RecipientDescriptor } from './channel';
import type { ModelContext } from './context';
import type { Conversation } from './conversation';
import type { Models } from './models';
import type { Participant } from './participant';

/** The events of a Message. */
export interface MessageEvents {
  updated: MessageUpdatedEventArgs;
}

/** No attachments: one array shared by the messages without any (most of them). */
const NO_MEDIA: readonly Media[] = Object.freeze([]);

let create: (ctx: ModelContext, models: Models, conversationSid: string, index: number, seed?: MessageData) => Message;
let retain: (message: Message, last: MessageData) => void;

/**
 * A message with its index: a live view over the store. While the application holds it, the same
 * (conversation, index) gives the same object; properties are own and enumerable, and read the
 * store's current value.
 */
export class Message extends Evented<MessageEvents> {
  declare readonly sid: string;
  /** Position in the conversation: from 0, one more per message. */
  declare readonly index: number;
  declare readonly author: string | null;
  declare readonly participantSid: string | null;
  declare readonly body: string | null;
  /** Email only: always null here. */
  declare readonly subject: string | null;
  declare readonly contentSid: string | null;
  declare readonly attributes: JSONValue;
  declare readonly type: MessageType;
  declare readonly dateCreated: Date | null;
  declare readonly dateUpdated: Date | null;
  declare readonly lastUpdatedBy: string | null;
  /** The conversation the message belongs to. */
  declare readonly conversation: Conversation;
  /** Deprecated in the reference: the first attachment, or null. */
  declare readonly media: Media | null;
  /** The attachments (category `media`), in the order they were sent. */
  declare readonly attachedMedia: Media[] | null;
  /**
   * How far the message got among the other chat participants (delivered, read), kept live from
   * their horizons; null until the conversation's roster is known (it is fetched on first read).
   */
  declare readonly aggregatedDeliveryReceipt: AggregatedDeliveryReceipt | null;

  #ctx: ModelContext;
  #conversationSid: string;
  #index: number;
  #last: MessageData | undefined;
  #dates: DateCache | undefined;
  /** The attachments: a message's media never change, so they are made once, when it is first known. */
  #media: readonly Media[] = NO_MEDIA;
  #receipt: AggregatedDeliveryReceipt | null = null;

  private constructor(ctx: ModelContext, models: Models, conversationSid: string, index: number, seed?: MessageData) {
    super();
    this.#ctx = ctx;
    this.#conversationSid = conversationSid;
    this.#index = index;
    this.#last = seed;
    // What a message never changes (its sid, author, type, creation, media...) is a plain own
    // property, set once; what an update can change (body, attributes, dateUpdated,
    // lastUpdatedBy) and the receipt are own accessors that read the store. Sixteen accessors
    // (Object.defineProperties) took about 7 µs a message, a fifth of a client's work per delivery;
    // five take about 1.2 µs. The order is the reference SDK's, so a spread lists them alike.
    const self = this as Writable<Message>;
    self.sid = '';
    self.index = index;
    self.author = null;
    self.participantSid = null;
    Object.defineProperty(this, 'body', Message.#live.body);
    self.subject = null;
    self.contentSid = null;
    Object.defineProperty(this, 'attributes', Message.#live.attributes);
    self.type = 'text';
    self.dateCreated = null;
    Object.defineProperty(this, 'dateUpdated', Message.#live.dateUpdated);
    Object.defineProperty(this, 'lastUpdatedBy', Message.#live.lastUpdatedBy);
    self.conversation = models.conversation(conversationSid);
    self.media = null;
    self.attachedMedia = null;
    Object.defineProperty(this, 'aggregatedDeliveryReceipt', Message.#live.aggregatedDeliveryReceipt);
    // a delivered message comes with its data: the store is read (and its selector made) on first use
    this.#fill(seed ?? this.#data());
  }

  /** The names of the events, as the reference SDK gives them (`Message.updated`). */
  declare static readonly updated: 'updated';

  static {
    defineEvents(Message, ['updated']);
    create = (ctx, models, conversationSid, index, seed) => new Message(ctx, models, conversationSid, index, seed);
    retain = (message, last) => {
      message.#last = last;
      message.#fill(last);
    };
  }

  static #live = liveProperties<Message, string>({
    body: (self) => self.#data()?.body ?? null,
    attributes: (self) => self.#data()?.attributes ?? {},
    dateUpdated: (self) => (self.#dates ??= new DateCache()).get('updated', self.#data()?.dateUpdated),
    lastUpdatedBy: (self) => self.#data()?.lastUpdatedBy ?? null,
    aggregatedDeliveryReceipt: (self) => self.#aggregated()
  });

  /** Sets the properties a message never changes, once its data is first known. */
  #fill(data: MessageData | undefined): void {
    if (data === undefined || this.sid !== '') return;
    const self = this as Writable<Message>;
    self.sid = data.sid;
    self.author = data.author;
    self.participantSid = data.participantSid;
    self.contentSid = data.contentSid;
    self.type = data.type;
    self.dateCreated = new Date(data.dateCreated);
    if (data.media.length > 0) {
      const urls = (sids: readonly string[], signal: AbortSignal) =>
        part('media', 'getContentTemporaryUrl').fetchMediaUrls(this.#ctx, sids, signal);
      this.#media = data.media.map((media) => createMedia(media, urls));
    }
    self.media = this.#media[0] ?? null;
    self.attachedMedia = this.#media === NO_MEDIA ? [] : this.#media.filter((media) => media.category === 'media');
  }

  #aggregated(): AggregatedDeliveryReceipt | null {
    const receipts = optionalPart('receipts');
    if (receipts === undefined) return null;
    const state = this.#ctx.getState();
    const roster = selectRoster(this.#conversationSid)(state);
    if (!roster?.loaded) {
      if (this.#data() !== undefined && selectConversation(this.#conversationSid)(state)?.status === 'joined') {
        void this.conversation.getParticipants().catch(() => undefined);
      }
      return null;
    }
    const counts = selectMessageReceipt(this.#conversationSid, this.#index)(state);
    if (counts !== null) this.#receipt = receipts.aggregated(counts, this.#receipt);
    return this.#receipt;
  }

  /** The message's latest known value: the store's, else the last one seen. */
  #data(): MessageData | undefined {
    // read directly, not through selectMessage: no selector made per message
    const live = heldMessage(this.#ctx.getState(), this.#conversationSid, this.#index);
    if (live) this.#last = live;
    return this.#last;
  }

  /** The message changed. */
  declare readonly updated$: Observable<MessageUpdatedEventArgs>;

  /** Changes the body (author or admin). */
  async updateBody(body: string): Promise<Message> {
    if (typeof body !== 'string') throw badArgument('updateBody', 'body', 'a string', body);
    await this.#ctx.command('updateMessage', { conversationSid: this.#conversationSid, messageSid: this.#sid(), body });
    return this;
  }

  /** Replaces the attributes (author or admin). */
  async updateAttributes(attributes: JSONValue): Promise<Message> {
    checkJson('updateAttributes', 'attributes', attributes);
    await this.#ctx.command('updateMessage', {
      conversationSid: this.#conversationSid,
      messageSid: this.#sid(),
      attributes
    });
    return this;
  }

  /**
   * Beyond the reference: the reactions on the message, by key in the order first used, each with
   * its count, its first identities and whether the user reacted (live, from the store).
   */
  get reactions(): readonly ReactionView[] {
    return selectReactions(this.#conversationSid, this.#index)(this.#ctx.getState());
  }

  /**
   * Beyond the reference: the message this one answers, as it is now (its edits followed; body null and
   * `removed` once it is removed); null if none. A change of it is an `updated` with the reason `replyTo`.
   */
  get replyTo(): ReplyPreviewData | null {
    return this.#data()?.replyTo ?? null;
  }

  /** Beyond the reference: the identities the body mentions (participants only). */
  get mentions(): readonly string[] {
    return this.#data()?.mentions ?? [];
  }

  /**
   * Beyond the reference: adds the user's reaction (an emoji or a short key, no whitespace) — any
   * participant may, with no permission to edit the message. Resolves once the store has it
   * (`updated` with the reason `reactions`).
   */
  async react(key: string): Promise<Message> {
    await this.#ctx.command('addReaction', { conversationSid: this.#conversationSid, messageSid: this.#sid(), key });
    return this;
  }

  /** Beyond the reference: removes the user's reaction `key` (none: nothing changes). */
  async unreact(key: string): Promise<Message> {
    await this.#ctx.command('removeReaction', {
      conversationSid: this.#conversationSid,
      messageSid: this.#sid(),
      key
    });
    return this;
  }

  /** Removes the message (author or admin). */
  async remove(): Promise<Message> {
    await this.#ctx.command('removeMessage', { conversationSid: this.#conversationSid, messageSid: this.#sid() });
    return this;
  }

  /** The participant who sent it: by participant sid, then by author identity. */
  async getParticipant(): Promise<Participant> {
    const participants = await this.conversation.getParticipants();
    const found =
      participants.find((p) => this.participantSid !== null && p.sid === this.participantSid) ??
      participants.find((p) => this.author !== null && p.identity === this.author);
    if (!found) {
      throw new ConversationsError(
        ErrorCode.NotFound,
        `Participant with SID '${this.participantSid}' or identity '${this.author}' was not found`
      );
    }
    return found;
  }

  // ---- media ----

  /** The attachments of these categories (`media`, `body`, `history`), or null for an unknown message. */
  getMediaByCategories(categories: MediaCategory[]): Media[] | null {
    if (!Array.isArray(categories) || !categories.every((c) => c === 'media' || c === 'body' || c === 'history')) {
      throw badArgument('getMediaByCategories', 'categories', "an array of 'media', 'body' or 'history'", categories);
    }
    if (!this.#data()) return null;
    return this.#media.filter((media) => categories.includes(media.category));
  }

  /** Deprecated alias of `getMediaByCategories`. */
  getMediaByCategory(categories: MediaCategory[]): Media[] | null {
    return this.getMediaByCategories(categories);
  }

  /** The email body: always null, as chat messages have none (this server has no email gateway). */
  getEmailBody(type = 'text/plain'): Media | null {
    return this.#emailPart('body', type);
  }

  /** The email history: always null, as chat messages have none. */
  getEmailHistory(type = 'text/plain'): Media | null {
    return this.#emailPart('history', type);
  }

  #emailPart(category: MediaCategory, type: string): Media | null {
    if (typeof type !== 'string')
      throw badArgument(category === 'body' ? 'getEmailBody' : 'getEmailHistory', 'type', 'a content type', type);
    return this.#media.find((media) => media.category === category && media.contentType === type) ?? null;
  }

  /** Temporary URLs (sid → URL) for these media, in one request. */
  getTemporaryContentUrlsForMedia(contentSet: Media[]): CancellablePromise<Map<string, string>> {
    const method = 'getTemporaryContentUrlsForMedia';
    return part('media', method).temporaryUrlsForMedia(this.#ctx, method, contentSet);
  }

  /** Temporary URLs (sid → URL) for these media sids, in one request. */
  getTemporaryContentUrlsForMediaSids(mediaSids: string[]): CancellablePromise<Map<string, string>> {
    const method = 'getTemporaryContentUrlsForMediaSids';
    return part('media', method).temporaryUrlsForSids(this.#ctx, method, mediaSids);
  }

  /** Temporary URLs for every attachment, in one request (an empty map when there are none). */
  getTemporaryContentUrlsForAttachedMedia(): CancellablePromise<Map<string, string>> {
    const method = 'getTemporaryContentUrlsForAttachedMedia';
    const urls = part('media', method);
    const media = this.attachedMedia ?? [];
    if (media.length === 0) return new CancellablePromise((resolve) => resolve(new Map()));
    return urls.temporaryUrlsForMedia(this.#ctx, method, media);
  }

  /**
   * Deprecated in the reference. Fetches temporary URLs for `contentSet` (all attachments when
   * null) in one request, to check they are reachable, and answers the media; URLs are never
   * cached on Media here: ask `getContentTemporaryUrl()` for one.
   */
  async attachTemporaryUrlsFor(contentSet: Media[] | null): Promise<Media[]> {
    if (contentSet !== null && contentSet !== undefined && !Array.isArray(contentSet)) {
      throw badArgument('attachTemporaryUrlsFor', 'contentSet', 'an array of Media, or null', contentSet);
    }
    const media = contentSet ?? this.attachedMedia ?? [];
    if (media.length > 0) await this.getTemporaryContentUrlsForMedia(media);
    return media;
  }

  // ---- content, receipts, channels ----

  /**
   * The rich content of a message sent from a template: its first variant, with the message's
   * variables (else the template's defaults) put in. Null without a `contentSid`; `NotFound` once
   * the template was deleted.
   */
  getContentData(): CancellablePromise<ContentData | null> {
    return CancellablePromise.fromAbortable(async (signal) => {
      const templates = part('templates', 'getContentData');
      const message = this.#data();
      return message?.contentSid ? templates.contentData(this.#ctx, message, signal) : null;
    });
  }

  /**
   * Per-participant receipts: `read`, `delivered` or `sent` for each other participant, from the
   * horizons the client holds (the roster is fetched once if the client does not hold it whole),
   * so it costs no request per message and answers offline.
   */
  async getDetailedDeliveryReceipts(): Promise<DetailedDeliveryReceipt[]> {
    const receipts = part('receipts', 'getDetailedDeliveryReceipts');
    const participants = await this.conversation.getParticipants();
    const message = this.#data();
    if (message === undefined) throw new ConversationsError(ErrorCode.NotFound, `Message ${this.#index} is not known`);
    const roster = selectRoster(this.#conversationSid)(this.#ctx.getState())?.bySid;
    const held = participants.map(({ sid }) => roster?.[sid]).filter((p): p is ParticipantData => p !== undefined);
    return receipts.detailed(message, held);
  }

  /** Channel metadata (SMS, WhatsApp): null, as every message here is a chat message. */
  async getChannelMetadata(): Promise<ChannelMetadata | null> {
    await this.#ctx.ready();
    return null;
  }

  /** Email recipients: none, as this server has no email gateway. */
  async getMessageRecipients(): Promise<RecipientDescriptor[]> {
    await this.#ctx.ready();
    return [];
  }

  #sid(): string {
    const sid = this.#data()?.sid;
    if (!sid) throw new ConversationsError(ErrorCode.NotFound, `Message ${this.#index} is not known`);
    return sid;
  }
}

/** Makes the Message of an index (the registry's job: one object per index while it is held). */
export function createMessage(
  ctx: ModelContext,
  models: Models,
  conversationSid: string,
  index: number,
  seed?: MessageData
): Message {
  return create(ctx, models, conversationSid, index, seed);
}

/** Keeps a message's last known value (a page's, or a removed message's), so the object still reads it. */
export function retainMessage(message: Message, last: MessageData): void {
  retain(message, last);
}

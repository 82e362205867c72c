import type { Observable } from 'rxjs';
import { ErrorCode, type JSONValue, type MessageData } from '../../protocol';
import { ConversationsError, badArgument } from '../errors';
import { messageAt } from '../store/chunks';
import type { MessageType, MessageUpdatedEventArgs } from '../types';
import type { ModelContext } from './context';
import type { Conversation } from './conversation';
import { DateCache } from './dates';
import { Evented } from './evented';
import type { Participant } from './participant';

/** The events of a Message. */
export interface MessageEvents {
  updated: MessageUpdatedEventArgs;
}

/**
 * A message with its index: a live view over the store. While the application holds it, the same
 * (conversation, index) gives the same object; properties are own and enumerable.
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

  #ctx: ModelContext;
  #conversationSid: string;
  #index: number;
  #last: MessageData | undefined;
  #dates = new DateCache();

  /** @internal Models are made by the client. */
  constructor(ctx: ModelContext, conversationSid: string, index: number, seed?: MessageData) {
    super();
    this.#ctx = ctx;
    this.#conversationSid = conversationSid;
    this.#index = index;
    this.#last = seed;
    Object.defineProperties(this, Message.#properties);
  }

  static #properties: PropertyDescriptorMap = {
    sid: { enumerable: true, get(this: Message) { return this.#data()?.sid ?? ''; } },
    index: { enumerable: true, get(this: Message) { return this.#index; } },
    author: { enumerable: true, get(this: Message) { return this.#data()?.author ?? null; } },
    participantSid: { enumerable: true, get(this: Message) { return this.#data()?.participantSid ?? null; } },
    body: { enumerable: true, get(this: Message) { return this.#data()?.body ?? null; } },
    subject: { enumerable: true, get() { return null; } },
    contentSid: { enumerable: true, get(this: Message) { return this.#data()?.contentSid ?? null; } },
    attributes: { enumerable: true, get(this: Message) { return this.#data()?.attributes ?? {}; } },
    type: { enumerable: true, get(this: Message) { return this.#data()?.type ?? 'text'; } },
    dateCreated: { enumerable: true, get(this: Message) { return this.#dates.get('created', this.#data()?.dateCreated); } },
    dateUpdated: { enumerable: true, get(this: Message) { return this.#dates.get('updated', this.#data()?.dateUpdated); } },
    lastUpdatedBy: { enumerable: true, get(this: Message) { return this.#data()?.lastUpdatedBy ?? null; } },
    conversation: { enumerable: true, get(this: Message) { return this.#ctx.conversation(this.#conversationSid); } }
  };

  /** @internal Keeps the last value of a removed entity, so the object still reads it. */
  _retain(last: MessageData): void {
    this.#last = last;
  }

  #data(): MessageData | undefined {
    const window = this.#ctx.getState().messages[this.#conversationSid];
    const live = window ? messageAt(window, this.#index) : undefined;
    if (live) this.#last = live;
    return this.#last;
  }

  /** The message changed. */
  get updated$(): Observable<MessageUpdatedEventArgs> {
    return this.event$('updated');
  }

  /** Changes the body (author or admin). */
  async updateBody(body: string): Promise<Message> {
    if (typeof body !== 'string') throw badArgument('updateBody', 'body', 'a string', body);
    await this.#ctx.command('updateMessage', { conversationSid: this.#conversationSid, messageSid: this.#sid(), body });
    return this;
  }

  /** Replaces the attributes (author or admin). */
  async updateAttributes(attributes: JSONValue): Promise<Message> {
    if (attributes === undefined) throw badArgument('updateAttributes', 'attributes', 'a JSON value', attributes);
    await this.#ctx.command('updateMessage', { conversationSid: this.#conversationSid, messageSid: this.#sid(), attributes });
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

  #sid(): string {
    const sid = this.#data()?.sid;
    if (!sid) throw new ConversationsError(ErrorCode.NotFound, `Message ${this.#index} is not known`);
    return sid;
  }
}

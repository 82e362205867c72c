import type { Observable } from 'rxjs';
import { ErrorCode, type JSONValue, type ParticipantData } from '../../protocol';
import { ConversationsError, badArgument, checkJson } from '../errors';
import type { ParticipantBindings, ParticipantType, ParticipantUpdatedEventArgs } from '../types';
import type { ModelContext } from './context';
import type { Conversation } from './conversation';
import { DateCache } from './dates';
import { Evented } from './evented';
import type { User } from './user';

/** The events of a Participant. */
export interface ParticipantEvents {
  typingStarted: Participant;
  typingEnded: Participant;
  updated: ParticipantUpdatedEventArgs;
}

const NO_BINDINGS: ParticipantBindings = Object.freeze({});

/** A participant of a conversation: a live, identity-stable view over the store. */
export class Participant extends Evented<ParticipantEvents> {
  declare readonly sid: string;
  declare readonly identity: string | null;
  declare readonly attributes: JSONValue;
  declare readonly dateCreated: Date | null;
  declare readonly dateUpdated: Date | null;
  /** Whether the participant is typing now. */
  declare readonly isTyping: boolean;
  /** The participant's read horizon, for "seen by". */
  declare readonly lastReadMessageIndex: number | null;
  declare readonly lastReadTimestamp: Date | null;
  /** The participant's delivery horizon: their client received everything up to it. Not in the reference. */
  declare readonly lastDeliveredMessageIndex: number | null;
  /** The role: `admin` or `user`. */
  declare readonly roleSid: string;
  declare readonly type: ParticipantType;
  declare readonly bindings: ParticipantBindings;
  declare readonly conversation: Conversation;

  #ctx: ModelContext;
  #conversationSid: string;
  #sid: string;
  #last: ParticipantData | undefined;
  #dates = new DateCache();

  /** @internal Models are made by the client. */
  constructor(ctx: ModelContext, conversationSid: string, sid: string) {
    super();
    this.#ctx = ctx;
    this.#conversationSid = conversationSid;
    this.#sid = sid;
    Object.defineProperties(this, Participant.#properties);
  }

  static #properties: PropertyDescriptorMap = {
    sid: { enumerable: true, get(this: Participant) { return this.#sid; } },
    identity: { enumerable: true, get(this: Participant) { return this.#data()?.identity ?? null; } },
    attributes: { enumerable: true, get(this: Participant) { return this.#data()?.attributes ?? {}; } },
    dateCreated: { enumerable: true, get(this: Participant) { return this.#dates.get('created', this.#data()?.dateCreated); } },
    dateUpdated: { enumerable: true, get(this: Participant) { return this.#dates.get('updated', this.#data()?.dateUpdated); } },
    isTyping: {
      enumerable: true,
      get(this: Participant) { return this.#ctx.getState().typing[this.#conversationSid]?.[this.#sid] === true; }
    },
    lastReadMessageIndex: { enumerable: true, get(this: Participant) { return this.#data()?.lastReadMessageIndex ?? null; } },
    lastReadTimestamp: { enumerable: true, get(this: Participant) { return this.#dates.get('read', this.#data()?.lastReadTimestamp); } },
    lastDeliveredMessageIndex: { enumerable: true, get(this: Participant) { return this.#data()?.lastDeliveredMessageIndex ?? null; } },
    roleSid: { enumerable: true, get(this: Participant) { return this.#data()?.role ?? 'user'; } },
    type: { enumerable: true, get(this: Participant) { return this.#data()?.type ?? 'chat'; } },
    bindings: { enumerable: true, get() { return NO_BINDINGS; } },
    conversation: { enumerable: true, get(this: Participant) { return this.#ctx.conversation(this.#conversationSid); } }
  };

  /** @internal Keeps the last value of a removed entity, so the object still reads it. */
  _retain(last: ParticipantData): void {
    this.#last = last;
  }

  #data(): ParticipantData | undefined {
    const live = this.#ctx.getState().participants[this.#conversationSid]?.bySid[this.#sid];
    if (live) this.#last = live;
    return this.#last;
  }

  /** The participant started typing. */
  get typingStarted$(): Observable<Participant> { return this.event$('typingStarted'); }
  /** The participant stopped typing. */
  get typingEnded$(): Observable<Participant> { return this.event$('typingEnded'); }
  /** The participant changed. */
  get updated$(): Observable<ParticipantUpdatedEventArgs> { return this.event$('updated'); }

  /** Replaces the attributes (oneself or an admin). */
  async updateAttributes(attributes: JSONValue): Promise<Participant> {
    checkJson('updateAttributes', 'attributes', attributes);
    await this.#ctx.command('updateParticipant', { conversationSid: this.#conversationSid, participantSid: this.#sid, attributes });
    return this;
  }

  /** Removes the participant from the conversation (an admin, or oneself). */
  async remove(): Promise<void> {
    await this.#ctx.command('removeParticipant', { conversationSid: this.#conversationSid, participantSid: this.#sid });
  }

  /** The participant's user (subscribed). Chat participants only. */
  async getUser(): Promise<User> {
    await this.#ctx.ready();
    const identity = this.identity;
    if (this.type !== 'chat' || identity === null) {
      throw new ConversationsError(ErrorCode.NotSupported, `Getting User is not supported for this Participant type: ${this.type}`);
    }
    return this.#ctx.getUser(identity);
  }
}

import type { Observable } from 'rxjs';
import { ErrorCode, type JSONValue, type ParticipantData } from '../../protocol';
import { ConversationsError, checkJson } from '../errors';
import type { ParticipantBindings, ParticipantType } from '../types';
import type { ParticipantUpdatedEventArgs } from './event-args';
import { defineEvents, Evented } from '../events/evented';
import { selectIsTyping, selectParticipant } from '../store/selectors';
import type { State } from '../store/state';
import type { ModelContext } from './context';
import { lastRosterOfConversation, type Conversation } from './conversation';
import { DateCache } from './dates';
import { liveProperties } from './live-properties';
import type { Models } from './models';
import type { User } from './user';

/** The events of a Participant. */
export interface ParticipantEvents {
  typingStarted: Participant;
  typingEnded: Participant;
  updated: ParticipantUpdatedEventArgs;
}

const NO_BINDINGS: ParticipantBindings = Object.freeze({});

let create: (ctx: ModelContext, models: Models, conversationSid: string, sid: string) => Participant;
let retain: (participant: Participant, last: ParticipantData) => void;

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
  #models: Models;
  #conversationSid: string;
  #sid: string;
  #select: (state: State) => ParticipantData | undefined;
  #last: ParticipantData | undefined;
  #dates = new DateCache();

  private constructor(ctx: ModelContext, models: Models, conversationSid: string, sid: string) {
    super();
    this.#ctx = ctx;
    this.#models = models;
    this.#conversationSid = conversationSid;
    this.#sid = sid;
    this.#select = selectParticipant(conversationSid, sid);
    Object.defineProperties(this, Participant.#properties);
  }

  /** The names of the events, as the reference SDK gives them (`Participant.typingStarted`). */
  declare static readonly typingStarted: 'typingStarted';
  declare static readonly typingEnded: 'typingEnded';
  declare static readonly updated: 'updated';

  static {
    defineEvents(Participant, ['typingStarted', 'typingEnded', 'updated']);
    create = (ctx, models, conversationSid, sid) => new Participant(ctx, models, conversationSid, sid);
    retain = (participant, last) => {
      participant.#last = last;
    };
  }

  static #properties = liveProperties<Participant, string>({
    sid: (self) => self.#sid,
    identity: (self) => self.#data()?.identity ?? null,
    attributes: (self) => self.#data()?.attributes ?? {},
    dateCreated: (self) => self.#dates.get('created', self.#data()?.dateCreated),
    dateUpdated: (self) => self.#dates.get('updated', self.#data()?.dateUpdated),
    isTyping: (self) => selectIsTyping(self.#conversationSid, self.#sid)(self.#ctx.getState()),
    lastReadMessageIndex: (self) => self.#data()?.lastReadMessageIndex ?? null,
    lastReadTimestamp: (self) => self.#dates.get('read', self.#data()?.lastReadTimestamp),
    lastDeliveredMessageIndex: (self) => self.#data()?.lastDeliveredMessageIndex ?? null,
    roleSid: (self) => self.#data()?.role ?? 'user',
    type: (self) => self.#data()?.type ?? 'chat',
    bindings: () => NO_BINDINGS,
    conversation: (self) => self.#models.conversation(self.#conversationSid)
  });

  #data(): ParticipantData | undefined {
    const live = this.#select(this.#ctx.getState()) ?? (this.#last === undefined ? this.#left() : undefined);
    if (live) this.#last = live;
    return this.#last;
  }

  /** This participant's last value in the roster of a conversation the user left. */
  #left(): ParticipantData | undefined {
    return lastRosterOfConversation(this.#models.conversation(this.#conversationSid))?.bySid[this.#sid];
  }

  /** The participant started typing. */
  declare readonly typingStarted$: Observable<Participant>;
  /** The participant stopped typing. */
  declare readonly typingEnded$: Observable<Participant>;
  /** The participant changed. */
  declare readonly updated$: Observable<ParticipantUpdatedEventArgs>;

  /** Replaces the attributes (oneself or an admin). */
  async updateAttributes(attributes: JSONValue): Promise<Participant> {
    checkJson('updateAttributes', 'attributes', attributes);
    await this.#ctx.command('updateParticipant', {
      conversationSid: this.#conversationSid,
      participantSid: this.#sid,
      attributes
    });
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
      throw new ConversationsError(
        ErrorCode.NotSupported,
        `Getting User is not supported for this Participant type: ${this.type}`
      );
    }
    await this.#ctx.subscribeUser(identity);
    return this.#models.user(identity);
  }
}

/** Makes the Participant of a sid (the registry's job: one object per sid). */
export function createParticipant(
  ctx: ModelContext,
  models: Models,
  conversationSid: string,
  sid: string
): Participant {
  return create(ctx, models, conversationSid, sid);
}

/** Keeps the last value of a participant who left, so the object still reads it. */
export function retainParticipant(participant: Participant, last: ParticipantData): void {
  retain(participant, last);
}

import type { MessageData } from '../../protocol';
import type { EventStreams } from '../events/event-streams';
import { bindEvents } from '../events/evented';
import type { ClientEvent } from '../events/client-event';
import type { ModelContext } from './context';
import { createConversation, retainConversation, type Conversation } from './conversation';
import { createMessage, retainMessage, type Message } from './message';
import type { Models } from './models';
import { createParticipant, retainParticipant, type Participant } from './participant';
import { createUser, retainUser, type User } from './user';

/**
 * Hands out model objects so that the same sid (identity, index) always gives the same object.
 * Conversations, participants and users are kept for the client's life. Messages are held weakly:
 * while the application keeps a Message (or listens to it: its event streams hold it), it gets the
 * same one back; once nothing does, the object may be collected (the application cannot tell), so
 * evicted history does not pin memory, and the references to collected ones are swept out from
 * time to time.
 */
export class Registry implements Models {
  #conversations = new Map<string, Conversation>();
  #participants = new Map<string, Participant>();
  #users = new Map<string, User>();
  /** Messages by conversation sid, then index. */
  #messages = new Map<string, Map<number, WeakRef<Message>>>();
  /** Message references held; the collected ones are swept out when this doubles. */
  #messageRefs = 0;
  #sweepAt = 1024;

  constructor(
    private readonly ctx: ModelContext,
    private readonly streams: EventStreams
  ) {}

  conversation(sid: string): Conversation {
    let model = this.#conversations.get(sid);
    if (!model) {
      model = createConversation(this.ctx, this, sid);
      bindEvents(model, this.streams, 'conversation', sid);
      this.#conversations.set(sid, model);
    }
    return model;
  }

  participant(conversationSid: string, sid: string): Participant {
    let model = this.#participants.get(sid);
    if (!model) {
      model = createParticipant(this.ctx, this, conversationSid, sid);
      bindEvents(model, this.streams, 'participant', sid);
      this.#participants.set(sid, model);
    }
    return model;
  }

  user(identity: string): User {
    let model = this.#users.get(identity);
    if (!model) {
      model = createUser(this.ctx, identity);
      bindEvents(model, this.streams, 'user', identity);
      this.#users.set(identity, model);
    }
    return model;
  }

  message(conversationSid: string, index: number, seed?: MessageData): Message {
    let byIndex = this.#messages.get(conversationSid);
    if (byIndex === undefined) this.#messages.set(conversationSid, (byIndex = new Map<number, WeakRef<Message>>()));
    const existing = byIndex.get(index)?.deref();
    if (existing) {
      if (seed) retainMessage(existing, seed);
      return existing;
    }
    const model = createMessage(this.ctx, this, conversationSid, index, seed);
    bindEvents(model, this.streams, 'message', messageKey(conversationSid, index));
    if (!byIndex.has(index)) this.#messageRefs += 1;
    byIndex.set(index, new WeakRef(model));
    if (this.#messageRefs >= this.#sweepAt) this.#sweep();
    return model;
  }

  /**
   * Keeps the last value of what a batch removed in the model object, if there is one, so it still
   * reads it once the store does not hold it. Runs when the batch is published.
   */
  retain(event: ClientEvent): void {
    switch (event.type) {
      case 'conversationLeft':
      case 'conversationRemoved': {
        const model = this.#conversations.get(event.conversationSid);
        if (model) retainConversation(model, event.last, event.lastRoster);
        // the participants made so far keep their last values; later ones read the conversation's last roster
        for (const participant of Object.values(event.lastRoster?.bySid ?? {})) {
          const made = this.#participants.get(participant.sid);
          if (made) retainParticipant(made, participant);
        }
        return;
      }
      case 'participantLeft': {
        const model = this.#participants.get(event.participantSid);
        if (model) retainParticipant(model, event.last);
        return;
      }
      case 'userUnsubscribed': {
        const model = this.#users.get(event.identity);
        if (model) retainUser(model, event.last);
        return;
      }
      case 'messageRemoved': {
        const model = this.#messages.get(event.conversationSid)?.get(event.index)?.deref();
        if (model) retainMessage(model, event.last);
        return;
      }
      default:
        return;
    }
  }

  /**
   * Forgets the references to collected messages. Run when the references held doubled since the
   * last sweep, so it costs O(1) a message over time: cheaper than a FinalizationRegistry entry
   * per message (the creation of a message model is on every delivery's path).
   */
  #sweep(): void {
    let held = 0;
    for (const [sid, byIndex] of this.#messages) {
      for (const [index, ref] of byIndex) {
        if (ref.deref() === undefined) byIndex.delete(index);
      }
      if (byIndex.size === 0) this.#messages.delete(sid);
      held += byIndex.size;
    }
    this.#messageRefs = held;
    this.#sweepAt = Math.max(1024, held * 2);
  }
}

/** The event-stream key of a message. */
export function messageKey(conversationSid: string, index: number): string {
  return `${index}:${conversationSid}`;
}

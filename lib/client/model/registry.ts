import type { MessageData } from '../../protocol';
import type { ModelContext } from './context';
import { Conversation } from './conversation';
import { Message } from './message';
import { Participant } from './participant';
import { User } from './user';

/**
 * Hands out model objects so that the same sid (identity, index) always gives the same object.
 * Conversations, participants and users are kept for the client's life. Messages are held weakly:
 * while the application keeps a Message, it gets the same one back; once it lets go, the object
 * may be collected (the application cannot tell), so evicted history does not pin memory, and the
 * references to collected ones are swept out from time to time.
 */
export class Registry {
  #conversations = new Map<string, Conversation>();
  #participants = new Map<string, Participant>();
  #users = new Map<string, User>();
  /** Messages by conversation sid, then index. */
  #messages = new Map<string, Map<number, WeakRef<Message>>>();
  /** Message references held; the collected ones are swept out when this doubles. */
  #messageRefs = 0;
  #sweepAt = 1024;

  constructor(private readonly ctx: ModelContext) {}

  conversation(sid: string): Conversation {
    let model = this.#conversations.get(sid);
    if (!model) {
      model = new Conversation(this.ctx, sid);
      this.#conversations.set(sid, model);
    }
    return model;
  }

  participant(conversationSid: string, sid: string): Participant {
    let model = this.#participants.get(sid);
    if (!model) {
      model = new Participant(this.ctx, conversationSid, sid);
      this.#participants.set(sid, model);
    }
    return model;
  }

  user(identity: string): User {
    let model = this.#users.get(identity);
    if (!model) {
      model = new User(this.ctx, identity);
      this.#users.set(identity, model);
    }
    return model;
  }

  message(conversationSid: string, index: number, seed?: MessageData): Message {
    let byIndex = this.#messages.get(conversationSid);
    if (byIndex === undefined) this.#messages.set(conversationSid, (byIndex = new Map()));
    const existing = byIndex.get(index)?.deref();
    if (existing) {
      if (seed) existing._retain(seed);
      return existing;
    }
    const model = new Message(this.ctx, conversationSid, index, seed);
    if (!byIndex.has(index)) this.#messageRefs += 1;
    byIndex.set(index, new WeakRef(model));
    if (this.#messageRefs >= this.#sweepAt) this.#sweep();
    return model;
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

  /** Every model made so far (messages still alive), for shutdown. */
  all(): Array<Conversation | Participant | User | Message> {
    const messages: Message[] = [];
    for (const byIndex of this.#messages.values()) {
      for (const ref of byIndex.values()) {
        const message = ref.deref();
        if (message) messages.push(message);
      }
    }
    return [...this.#conversations.values(), ...this.#participants.values(), ...this.#users.values(), ...messages];
  }
}

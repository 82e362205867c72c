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
 * may be collected (the application cannot tell), so evicted history does not pin memory.
 */
export class Registry {
  #conversations = new Map<string, Conversation>();
  #participants = new Map<string, Participant>();
  #users = new Map<string, User>();
  #messages = new Map<string, WeakRef<Message>>();
  #collected = new FinalizationRegistry<string>((key) => {
    const ref = this.#messages.get(key);
    if (ref && ref.deref() === undefined) this.#messages.delete(key);
  });

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
    const key = `${conversationSid}/${index}`;
    const existing = this.#messages.get(key)?.deref();
    if (existing) {
      if (seed) existing._retain(seed);
      return existing;
    }
    const model = new Message(this.ctx, conversationSid, index, seed);
    this.#messages.set(key, new WeakRef(model));
    this.#collected.register(model, key);
    return model;
  }

  /** Every model made so far (messages still alive), for shutdown. */
  all(): Array<Conversation | Participant | User | Message> {
    const messages: Message[] = [];
    for (const ref of this.#messages.values()) {
      const message = ref.deref();
      if (message) messages.push(message);
    }
    return [...this.#conversations.values(), ...this.#participants.values(), ...this.#users.values(), ...messages];
  }
}

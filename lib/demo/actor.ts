import { type Subscription, firstValueFrom, map, merge } from 'rxjs';
import {
  Client,
  type ClientOptions,
  type Conversation,
  ConversationsError,
  ErrorCode,
  selectConversations
} from '../client';
import type { Person } from './cast';
import { ServerDownError } from './embedded-server';

/** Where an actor gets its tokens. */
export type TokenSource = (identity: string) => Promise<string>;

/** Errors an actor expects while the server restarts or while it is offline itself. */
export function isTransient(error: unknown): boolean {
  if (error instanceof ServerDownError) return true;
  if (!(error instanceof ConversationsError)) return false;
  const transient: number[] = [
    ErrorCode.Unavailable,
    ErrorCode.Timeout,
    ErrorCode.ShutDown,
    ErrorCode.NotReady,
    ErrorCode.RateLimited
  ];
  return transient.includes(error.code);
}

/**
 * One simulated person: a real Client in this process, built on the public API only. It goes
 * offline (shuts its client down) and comes back (a new client, a new token) like a person
 * closing and reopening the app; it renews its token before it expires.
 */
export class Actor {
  readonly person: Person;
  #tokens: TokenSource;
  #options: ClientOptions;
  #client: Client | null = null;
  #renewal: Subscription | null = null;

  constructor(person: Person, tokens: TokenSource, options: ClientOptions) {
    this.person = person;
    this.#tokens = tokens;
    this.#options = options;
  }

  /** The identity. */
  get identity(): string {
    return this.person.identity;
  }

  /** The client, while the actor is online (connected or reconnecting). */
  get client(): Client | null {
    return this.#client;
  }

  /** True while its client is connected. */
  get connected(): boolean {
    return this.#client?.connectionState === 'connected';
  }

  /**
   * Connects (a new client; while the server is down it keeps trying until it is up) and sets
   * the friendly name. Rejects if the client fails to initialize or is disconnected meanwhile.
   */
  async connect(): Promise<Client> {
    if (this.#client) return this.#client;
    const client = new Client(await this.#tokens(this.identity), this.#options);
    this.#client = client;
    const failed = client.initFailed$.pipe(
      map(({ error }) => {
        throw new ConversationsError(error?.errorCode ?? ErrorCode.NotReady, error?.message ?? 'initialization failed');
      })
    );
    try {
      await firstValueFrom(merge(client.initialized$, failed));
    } catch (error) {
      if (this.#client === client) await this.disconnect();
      throw error;
    }
    this.#renewal = client.tokenAboutToExpire$.subscribe(() => {
      this.#tokens(this.identity).then(
        (token) => client.updateToken(token),
        () => undefined
      );
    });
    if (client.user.friendlyName !== this.person.friendlyName)
      await client.user.updateFriendlyName(this.person.friendlyName);
    return client;
  }

  /** Goes offline: the client shuts down, the server tells the others. */
  async disconnect(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    this.#renewal?.unsubscribe();
    this.#renewal = null;
    await client?.shutdown();
  }

  /** A room by unique name, as this actor's client sees it. */
  room(uniqueName: string): Promise<Conversation> {
    return this.#require().getConversationByUniqueName(uniqueName);
  }

  /** Types for `typingMs`, then sends `body`. */
  async say(
    conversation: Conversation,
    body: string,
    typingMs: number,
    sleep: (ms: number) => Promise<void>
  ): Promise<void> {
    await conversation.typing();
    await sleep(typingMs);
    await conversation.sendMessage(body);
  }

  /** Reads every conversation that has unread messages: moves the read horizon to the newest. */
  async readAll(): Promise<number> {
    const client = this.#require();
    let read = 0;
    for (const entry of selectConversations(client.getState())) {
      const last = entry.data.lastMessage;
      if (entry.status !== 'joined' || last === null || (entry.lastReadMessageIndex ?? -1) >= last.index) continue;
      const conversation = await client.getConversationBySid(entry.data.sid);
      await conversation.advanceLastReadMessageIndex(last.index);
      read += 1;
    }
    return read;
  }

  #require(): Client {
    if (!this.#client) throw new ConversationsError(ErrorCode.ShutDown, `${this.identity} is offline`);
    return this.#client;
  }
}

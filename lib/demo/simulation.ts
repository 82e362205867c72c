import type { Subscription } from 'rxjs';
import { type ClientOptions, ConversationsError, ErrorCode, type Message } from '../client';
import { Actor, type TokenSource, isTransient } from './actor';
import { PEOPLE, REPLIES, ROOMS, type Room, VISITOR_IDENTITY } from './cast';

/** How the simulation runs. */
export interface SimulationOptions {
  /** Issues tokens for the simulated people. */
  tokens: TokenSource;
  /** Multiplies every delay: 1 is a lively office, 0.2 a very busy one (tests). Default 1. */
  tempo?: number;
  /** Random numbers in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Options of the simulated people's clients. */
  clientOptions?: ClientOptions;
  /** Told about unexpected failures (not those of a server restart). */
  onError?: (message: string, error: unknown) => void;
}

/**
 * A handful of simulated people, each a real Client in this process: they create the rooms,
 * join, type, send, read, go offline and come back, and answer the page's visitors.
 */
export class Simulation {
  readonly actors: readonly Actor[];
  #tempo: number;
  #random: () => number;
  #onError: (message: string, error: unknown) => void;
  #running = false;
  #loops: Promise<void>[] = [];
  #sleepers = new Set<() => void>();
  #answered = new Set<string>();
  #watch: Subscription | null = null;
  /** What is left to say in each room: a shuffled deck of its lines, dealt one by one. */
  #decks = new Map<string, string[]>();

  constructor(options: SimulationOptions) {
    const clientOptions: ClientOptions = {
      reconnect: { minDelayMs: 300, maxDelayMs: 2000, jitter: 0.3 },
      ...options.clientOptions
    };
    this.actors = PEOPLE.map((person) => new Actor(person, options.tokens, clientOptions));
    this.#tempo = options.tempo ?? 1;
    this.#random = options.random ?? Math.random;
    this.#onError = options.onError ?? (() => undefined);
  }

  /** The host: always online, owns the rooms. */
  get host(): Actor {
    return this.actors.find((actor) => actor.person.host) ?? this.actors[0];
  }

  /** Connects everyone, creates the rooms (or finds them again) and starts everyone's day. */
  async start(): Promise<void> {
    this.#running = true;
    await Promise.all(this.actors.map((actor) => actor.connect()));
    await this.#setUpRooms();
    this.#watch = this.host.client?.messageAdded$.subscribe((message) => this.#answer(message)) ?? null;
    this.#loops = this.actors.map((actor) => this.#live(actor));
  }

  /** Adds a visitor to every room (a visitor already in a room stays). */
  async welcome(identity: string): Promise<void> {
    for (const room of ROOMS) {
      const conversation = await this.host.room(room.uniqueName);
      try {
        await conversation.add(identity);
      } catch (error) {
        if (!(error instanceof ConversationsError && error.code === ErrorCode.Conflict)) throw error;
      }
    }
  }

  /** Stops everyone: the loops end and every client shuts down. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#watch?.unsubscribe();
    for (const wake of [...this.#sleepers]) wake();
    // disconnecting first ends a wait for a server that is down
    await Promise.all(this.actors.map((actor) => actor.disconnect()));
    await Promise.all(this.#loops);
    await Promise.all(this.actors.map((actor) => actor.disconnect()));
  }

  async #setUpRooms(): Promise<void> {
    for (const room of ROOMS) {
      const creator = this.#actor(room.members[0]);
      const client = creator.client;
      if (!client) throw new Error(`${creator.identity} is not connected`);
      let conversation;
      let created = false;
      try {
        conversation = await client.getConversationByUniqueName(room.uniqueName);
      } catch (error) {
        if (!(error instanceof ConversationsError && error.code === ErrorCode.NotFound)) throw error;
        conversation = await client.createConversation({
          uniqueName: room.uniqueName,
          friendlyName: room.friendlyName
        });
        created = true;
      }
      const present = new Set((await conversation.getParticipants()).map((participant) => participant.identity));
      for (const identity of room.members) if (!present.has(identity)) await conversation.add(identity);
      // a new room starts with a little history, so the first visitor does not land in an empty one
      if (created) {
        for (const identity of room.members.slice(0, 3))
          await (await this.#actor(identity).room(room.uniqueName)).sendMessage(this.#line(room));
      }
    }
  }

  /** One person's day: every few seconds, read, say something, or take a break. */
  async #live(actor: Actor): Promise<void> {
    while (this.#running) {
      await this.#sleep(this.#between(2500, 8000));
      if (!this.#running) return;
      if (!actor.connected) continue;
      try {
        await this.#act(actor);
      } catch (error) {
        if (this.#running && !isTransient(error)) this.#onError(`${actor.identity} failed`, error);
      }
    }
  }

  async #act(actor: Actor): Promise<void> {
    const roll = this.#random();
    if (!actor.person.host && roll < 0.06 && this.actors.filter((a) => !a.client).length < 2)
      return this.#takeABreak(actor);
    if (roll < 0.35) {
      await actor.readAll();
      return;
    }
    const room = this.#pick(ROOMS.filter((r) => r.members.includes(actor.identity)));
    const conversation = await actor.room(room.uniqueName);
    const last = conversation.lastMessage?.index;
    if (last !== undefined) await conversation.advanceLastReadMessageIndex(last);
    const sleep = (ms: number) => this.#sleep(ms);
    if (roll > 0.9 && room.attachments.length > 0) {
      const attachment = this.#pick(room.attachments);
      await actor.say(conversation, attachment.caption, this.#between(800, 1600), sleep);
      await conversation.sendMessage({
        contentType: attachment.contentType,
        media: attachment.make(this.#random),
        filename: attachment.filename
      });
      return;
    }
    await actor.say(conversation, this.#line(room), this.#between(1200, 3000), sleep);
  }

  /** Offline for a while, then back with a new client. */
  async #takeABreak(actor: Actor): Promise<void> {
    await actor.disconnect();
    await this.#sleep(this.#between(10000, 25000));
    while (this.#running) {
      try {
        await actor.connect();
        return;
      } catch (error) {
        if (this.#running && !isTransient(error)) this.#onError(`${actor.identity} could not come back`, error);
        await this.#sleep(1000);
      }
    }
  }

  /** A visitor said something: the online members read it, and one of them answers. */
  #answer(message: Message): void {
    if (!message.author || !VISITOR_IDENTITY.test(message.author) || this.#answered.has(message.sid)) return;
    this.#answered.add(message.sid);
    const room = ROOMS.find((r) => r.uniqueName === message.conversation.uniqueName);
    if (!room) return;
    const present = this.actors.filter((actor) => actor.connected && room.members.includes(actor.identity));
    if (present.length === 0) return;
    const responder = this.#pick(present);
    for (const actor of present) {
      const react = async () => {
        await this.#sleep(this.#between(600, 2500));
        if (!this.#running || !actor.connected) return;
        const conversation = await actor.room(room.uniqueName);
        await conversation.advanceLastReadMessageIndex(message.index);
        if (actor === responder)
          await actor.say(conversation, this.#pick(REPLIES), this.#between(1000, 2500), (ms) => this.#sleep(ms));
      };
      react().catch((error) => {
        if (this.#running && !isTransient(error)) this.#onError(`${actor.identity} could not answer`, error);
      });
    }
  }

  #line(room: Room): string {
    let deck = this.#decks.get(room.uniqueName);
    if (!deck || deck.length === 0) {
      deck = [...room.lines];
      for (let i = deck.length - 1; i > 0; i--) {
        const j = Math.floor(this.#random() * (i + 1));
        [deck[i], deck[j]] = [deck[j], deck[i]];
      }
      this.#decks.set(room.uniqueName, deck);
    }
    return deck.pop() as string;
  }

  #actor(identity: string): Actor {
    const actor = this.actors.find((a) => a.identity === identity);
    if (!actor) throw new Error(`no simulated person '${identity}'`);
    return actor;
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)];
  }

  #between(min: number, max: number): number {
    return (min + this.#random() * (max - min)) * this.#tempo;
  }

  /** A sleep that `stop()` cuts short. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#sleepers.add(wake);
    });
  }
}

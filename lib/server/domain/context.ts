import type { Bus, BusEvent } from '../bus/bus';
import type { Logger } from '../options';
import type { DeliveryBatcher } from './delivery-batcher';
import type { MediaStore } from '../media/media-store';
import type { UrlSigner } from '../media/signed-url';
import type { NewEvent } from '../storage/records';
import type { Reader, Storage, Tx } from '../storage/storage';
import type { Presence } from './presence';
import type { EventData, EventName } from '../../protocol';
import type { PostEvent, PreEventHooks, WebhookCall, WebhookPayload } from './webhook-events';
import { type WebhookLookups, enqueueWebhookCalls } from './outbox';

/** What the media rules need besides storage: where bytes live and how URLs are signed. */
export interface MediaContext {
  readonly store: MediaStore;
  readonly signer: UrlSigner;
  /** Lifetime of a temporary content URL. */
  readonly urlTtlMs: number;
  /** Base of the HTTP endpoints (`http://host:port`), as clients reach it. */
  readonly baseUrl: () => string;
}

/** What the domain rules need: storage, the bus, a clock, and the reachability settings. */
export interface DomainContext {
  readonly storage: Storage;
  readonly bus: Bus;
  readonly now: () => number;
  readonly reachabilityEnabled: boolean;
  readonly presence: Presence;
  /** Media bytes and temporary URLs. */
  readonly media: MediaContext;
  /** Coalesces delivery acknowledgements into one event per conversation per interval. */
  readonly deliveries: DeliveryBatcher;
  /** Where background failures (deleting bytes, sending pushes) are reported. */
  readonly logger: Logger;
  /** Told when a transaction wrote webhook calls to the outbox, so that its delivery starts at once. */
  readonly outbox?: { wake(): void };
  /** The service's pre-event webhook, asked before messages, conversations and participants are added or changed. */
  readonly preEvents?: PreEventHooks;
}

/**
 * What the session running a request learns of the request's writes: given to each write with the
 * request (the domain context holds only what every request shares).
 */
export interface RequestHooks {
  /** Told the seq of the last durable event of each transaction committed, if any: the position a reply carries. */
  readonly committed?: (position: number) => void;
  /**
   * Told when a write's transaction has run, before it is committed: a session lets its next
   * request start then (its transaction joins the same group commit), for the commands that do
   * nothing else.
   */
  readonly executed?: () => void;
}

/** Where an event goes: the conversation it is about, a single target, the member it concerns. */
export interface EventScope {
  conversationSid: string | null;
  targetIdentity?: string;
  member?: string;
}

/**
 * The events of one transaction: each is appended to the log in the same transaction as the
 * change, and published with its seq once the transaction committed and they were numbered. Its post-event
 * webhook calls go to the outbox in the same transaction.
 */
export class Changes {
  readonly events: BusEvent[] = [];
  readonly webhooks: WebhookCall[] = [];
  /** The webhooks asked for, by conversation: written to the outbox with the calls once the change is done. */
  readonly lookups: WebhookLookups = new Map();

  constructor(
    readonly tx: Tx,
    readonly now: number
  ) {}

  /**
   * Appends a durable event (its `seq` holds its ref until the transaction committed: see {@link write});
   * through `append` when the event goes with other writes (a send's), else `Tx.appendEvent`.
   */
  async emit<K extends EventName>(
    name: K,
    data: EventData<K>,
    scope: EventScope,
    append: (event: NewEvent, createdAt: number) => Promise<number> = (event, createdAt) =>
      this.tx.appendEvent(event, createdAt)
  ): Promise<void> {
    const targetIdentity = scope.targetIdentity ?? null;
    const event = { name, conversationSid: scope.conversationSid, targetIdentity, data };
    const ref = await append(event, this.now);
    // `name` and `data` agree (K), which TypeScript cannot follow into the union of every event
    this.events.push({
      ...event,
      seq: ref,
      ...(scope.member === undefined ? {} : { member: scope.member })
    } as BusEvent);
  }

  /**
   * Calls the post-event webhooks that listen for `payload.EventType` once the transaction commits (through the
   * outbox).
   */
  webhook(conversationSid: string | null, payload: WebhookPayload<PostEvent>): void {
    this.webhooks.push({ eventType: payload.EventType, conversationSid, payload });
    if (this.lookups.has(conversationSid)) return;
    // asked now, alongside the change's own statements (one round trip on a pipelined connection)
    const lookup = this.tx.postWebhooksFor(conversationSid);
    lookup.catch(() => undefined); // a failure is thrown where it is awaited (enqueueWebhookCalls)
    this.lookups.set(conversationSid, lookup);
  }
}

/**
 * Runs `fn` in a transaction, writes its webhook calls to the outbox in it, and publishes its
 * events once it commits, telling `hooks` (those of the request it runs for; `{}` for a write no
 * request waits on). `group`: the conversation it changes, when known up front (see `Storage.transaction`).
 */
export async function write<T>(
  ctx: DomainContext,
  hooks: RequestHooks,
  fn: (changes: Changes) => Promise<T>,
  group?: string
): Promise<T> {
  const outcome = await ctx.storage.transaction(
    async (tx) => {
      const changes = new Changes(tx, ctx.now());
      const value = await fn(changes);
      const queued =
        changes.webhooks.length > 0 && (await enqueueWebhookCalls(tx, changes.webhooks, changes.now, changes.lookups));
      hooks.executed?.();
      return { value, events: changes.events, queued };
    },
    ({ events, queued }, seqOf) => {
      for (const event of events) event.seq = seqOf(event.seq as number);
      ctx.bus.publish(events);
      const last = events[events.length - 1];
      if (last?.seq !== undefined) hooks.committed?.(last.seq);
      if (queued) ctx.outbox?.wake();
    },
    group
  );
  return outcome.value;
}

/** Runs read-only queries. */
export function read<T>(ctx: DomainContext, fn: (reader: Reader) => Promise<T>): Promise<T> {
  return ctx.storage.read(fn);
}

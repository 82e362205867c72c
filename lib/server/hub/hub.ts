import type { BusEvent } from '../bus/bus';
import { BatchFrames, type PreparedEvent, prepareEvent } from './prepared-event';
import { type GapFiller, Sequencer } from './sequencer';

/** What the hub needs of a session. */
export interface HubSession {
  readonly identity: string;
  /** The last seq this session was given; durable events at or below it are not delivered again. */
  position: number;
  /** Queues an event for the socket. */
  enqueue(event: PreparedEvent): void;
  /** Sends what was queued (called once per flush for every session that got events), with the flush's frames. */
  flush(frames: BatchFrames): void;
}

/** Topic of a conversation's participants. */
const conversationTopic = (sid: string) => `c:${sid}`;
/** Topic of the sessions subscribed to a user. */
const userTopic = (identity: string) => `p:${identity}`;

/**
 * Fans events out to sessions by topic: `c:<conversation>` (its participants' sessions),
 * the sessions of one identity (targeted events), `p:<identity>` (subscribers of a user).
 *
 * Subscriptions follow the events themselves, so the hub behaves the same whichever
 * process an event came from: on `participantJoined` the joiner's sessions are subscribed
 * before delivery; on `participantLeft` and `conversationRemoved` they are delivered to,
 * then unsubscribed. Each event is serialized once. Deliveries are flushed to the sockets on the
 * next tick — once the microtasks under way have run, so the replies of a commit's commands go out
 * before its events, and before anything else (the next commit) holds the loop — and a session's
 * events of one flush go out in one frame, built once for the sessions given the same events.
 */
export class Hub {
  private readonly byIdentity = new Map<string, Set<HubSession>>();
  private readonly topics = new Map<string, Set<HubSession>>();
  private readonly topicsOf = new Map<HubSession, Set<string>>();
  private readonly dirty = new Set<HubSession>();
  private readonly sequencer: Sequencer;
  private readonly captures = new Set<BusEvent[]>();
  private flushScheduled = false;

  /**
   * `head` is the newest seq already durable when the hub starts. A gap in the seqs that stays
   * open `gapTimeoutMs` is read from the log with `fill` (see {@link Sequencer}).
   */
  constructor(head: number, gapTimeoutMs?: number, fill?: GapFiller, onError?: (error: unknown) => void) {
    this.sequencer = new Sequencer(head + 1, (event) => this.dispatch(event), gapTimeoutMs, fill ?? null, onError);
  }

  /** Live sessions of an identity. */
  sessionsOf(identity: string): ReadonlySet<HubSession> {
    return this.byIdentity.get(identity) ?? new Set();
  }

  /** Every live session. */
  sessions(): IterableIterator<HubSession> {
    return this.topicsOf.keys();
  }

  /**
   * Starts recording the durable events this hub dispatches, for a session about to attach:
   * call it before reading the session's state from storage, and pass `take()` to
   * {@link attach}.
   */
  capture(): { take(): readonly BusEvent[] } {
    const events: BusEvent[] = [];
    this.captures.add(events);
    return {
      take: () => {
        this.captures.delete(events);
        return events;
      }
    };
  }

  /**
   * Registers a session with the conversations its identity takes part in, as of its
   * `position` (the storage snapshot that found both). `missed` are the events the hub
   * dispatched since that snapshot was started (from {@link capture}): those after `position`
   * are delivered to the session now, as they were to the others, so live delivery goes on
   * exactly after `position` whichever of the snapshot and the hub was ahead.
   */
  attach(session: HubSession, conversationSids: Iterable<string>, missed: readonly BusEvent[] = []): void {
    this.topicsOf.set(session, new Set());
    let mine = this.byIdentity.get(session.identity);
    if (!mine) this.byIdentity.set(session.identity, (mine = new Set()));
    mine.add(session);
    for (const sid of conversationSids) this.subscribe(session, conversationTopic(sid));
    for (const event of missed) if ((event.seq ?? 0) > session.position) this.dispatch(event, session);
  }

  /** The log's head is at least `seq` (read from storage): events not received by then are read from the log. */
  expectHead(seq: number): void {
    this.sequencer.expect(seq);
  }

  /** Forgets a session. */
  detach(session: HubSession): void {
    for (const topic of this.topicsOf.get(session) ?? []) this.unsubscribe(session, topic, false);
    this.topicsOf.delete(session);
    this.dirty.delete(session);
    const mine = this.byIdentity.get(session.identity);
    mine?.delete(session);
    if (mine?.size === 0) this.byIdentity.delete(session.identity);
  }

  /** Subscribes a session to users' `userUpdated` events. */
  subscribeUsers(session: HubSession, identities: readonly string[]): void {
    for (const identity of identities) this.subscribe(session, userTopic(identity));
  }

  /** Whether a session here subscribes to the user. */
  watchesUser(identity: string): boolean {
    return this.topics.has(userTopic(identity));
  }

  /** Ends a session's subscriptions to users. */
  unsubscribeUsers(session: HubSession, identities: readonly string[]): void {
    for (const identity of identities) this.unsubscribe(session, userTopic(identity), true);
  }

  /** Takes a batch from the bus. */
  receive(events: readonly BusEvent[]): void {
    for (const event of events) this.sequencer.push(event);
  }

  /** Stops timers. */
  close(): void {
    this.sequencer.close();
  }

  /** Delivers an event to the sessions that may see it (to `only`, when given, if it may). */
  private dispatch(event: BusEvent, only?: HubSession): void {
    if (!only && event.seq !== undefined) for (const captured of this.captures) captured.push(event);
    const prepared = prepareEvent(event);
    const topic = event.conversationSid === null ? null : conversationTopic(event.conversationSid);
    switch (event.name) {
      case 'participantJoined':
        if (topic && event.member) {
          for (const session of this.ofIdentity(event.member, only)) {
            if (event.seq === undefined || event.seq > session.position) this.subscribe(session, topic);
          }
        }
        this.deliverTopic(topic, prepared, undefined, only);
        break;
      case 'participantLeft':
        this.deliverTopic(topic, prepared, undefined, only);
        if (topic && event.member)
          for (const session of this.ofIdentity(event.member, only)) this.unsubscribe(session, topic, true);
        break;
      case 'conversationRemoved':
        this.deliverTopic(topic, prepared, undefined, only);
        if (topic) for (const session of this.members(topic, only)) this.unsubscribe(session, topic, true);
        break;
      case 'userUpdated':
        if (event.user) this.deliverTopic(userTopic(event.user), prepared, undefined, only);
        break;
      default:
        if (event.targetIdentity !== null) {
          for (const session of this.ofIdentity(event.targetIdentity, only)) this.deliver(session, prepared);
        } else {
          this.deliverTopic(topic, prepared, event.excludeIdentity, only);
        }
    }
  }

  /** The sessions of an identity (or `only`, if it is one of them). */
  private ofIdentity(identity: string, only: HubSession | undefined): Iterable<HubSession> {
    if (only) return only.identity === identity && this.topicsOf.has(only) ? [only] : [];
    return this.sessionsOf(identity);
  }

  /** A snapshot of a topic's sessions (or `only`, if it is one of them). */
  private members(topic: string, only: HubSession | undefined): HubSession[] {
    const members = this.topics.get(topic);
    if (only) return members?.has(only) ? [only] : [];
    return [...(members ?? [])];
  }

  private deliverTopic(
    topic: string | null,
    event: PreparedEvent,
    exclude: string | undefined,
    only: HubSession | undefined
  ): void {
    if (topic === null) return;
    if (only) {
      if (only.identity !== exclude && this.topics.get(topic)?.has(only)) this.deliver(only, event);
      return;
    }
    for (const session of this.topics.get(topic) ?? []) {
      if (session.identity !== exclude) this.deliver(session, event);
    }
  }

  private deliver(session: HubSession, event: PreparedEvent): void {
    if (event.seq !== undefined) {
      if (event.seq <= session.position) return;
      session.position = event.seq;
    }
    session.enqueue(event);
    this.dirty.add(session);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const sessions = [...this.dirty];
    this.dirty.clear();
    const frames = new BatchFrames();
    for (const session of sessions) session.flush(frames);
  }

  private subscribe(session: HubSession, topic: string): void {
    const mine = this.topicsOf.get(session);
    if (!mine) return;
    mine.add(topic);
    let members = this.topics.get(topic);
    if (!members) this.topics.set(topic, (members = new Set()));
    members.add(session);
  }

  private unsubscribe(session: HubSession, topic: string, forget: boolean): void {
    const members = this.topics.get(topic);
    members?.delete(session);
    if (members?.size === 0) this.topics.delete(topic);
    if (forget) this.topicsOf.get(session)?.delete(topic);
  }
}

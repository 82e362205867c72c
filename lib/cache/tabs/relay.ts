import type { ServerEvent, WelcomeFrame } from '../../protocol';
import type { IncomingFrame } from '../../client/transport/decode-frame';
import { followerWelcome, type RequestOut, type TabMessage } from './tab-messages';

/** Relayed requests get ids from here up, so they never meet the leader's own. */
export const RELAY_ID_BASE = 1_000_000_000;

/** How many durable events the leader keeps for followers that attach late (past it: resync). */
const KEPT_EVENTS = 5000;

/**
 * The leader tab's service to the others: it answers their handshakes from what it applied (a
 * welcome and the events after their position, or a resync), relays their requests with ids of
 * its own and routes each reply back to the tab that made it, and broadcasts every events frame.
 * Pure bookkeeping: it posts messages and sends frames through the functions it is given.
 */
export class Relay {
  readonly #post: (message: TabMessage) => void;
  readonly #send: (frame: object) => boolean;
  #welcome: WelcomeFrame | null = null;
  /** The position from which `#events` is complete. */
  #from = 0;
  #events: ServerEvent[] = [];
  #last = 0;
  #nextId = RELAY_ID_BASE;
  readonly #routes = new Map<number, { tab: string; id: number }>();

  constructor(post: (message: TabMessage) => void, send: (frame: object) => boolean) {
    this.#post = post;
    this.#send = send;
  }

  /**
   * The server welcomed the leader, which handshook from `sentPosition`: a resumed stream continues
   * what the relay kept; otherwise it starts again at the welcome's position. Followers attach again.
   */
  welcomed(welcome: WelcomeFrame, sentPosition: number | null): void {
    this.#welcome = welcome;
    if (welcome.resume !== 'resumed' || sentPosition === null || sentPosition !== this.#last || this.#last === 0) {
      this.#from = welcome.resume === 'resumed' && sentPosition !== null ? sentPosition : welcome.position;
      this.#events = [];
      this.#last = this.#from;
    }
    // requests relayed before the drop lost their replies: their tabs send them again once attached
    this.#routes.clear();
  }

  /** The leader's link went down: nothing is relayed until the next welcome. */
  down(): void {
    this.#welcome = null;
  }

  /** A frame from the server; answers whether it was a follower's (and so not the leader's own). */
  received(frame: IncomingFrame): boolean {
    if ((frame.type === 'reply' || frame.type === 'reply-error') && frame.id >= RELAY_ID_BASE) {
      const route = this.#routes.get(frame.id);
      this.#routes.delete(frame.id);
      if (route !== undefined) this.#post({ kind: 'to', to: route.tab, frame: { ...frame, id: route.id } });
      return true;
    }
    if (frame.type === 'events') {
      for (const event of frame.events) {
        if (event.seq === undefined || event.seq <= this.#last) continue;
        this.#last = event.seq;
        this.#events.push(event);
      }
      if (this.#events.length > KEPT_EVENTS) {
        const dropped = this.#events.splice(0, this.#events.length - KEPT_EVENTS);
        this.#from = dropped[dropped.length - 1].seq ?? this.#from;
      }
      this.#post({ kind: 'all', frame });
    }
    return false;
  }

  /** A follower hands in its handshake: answered at once while the leader is welcomed, else on its next `link` up. */
  handshake(tab: string, position: number | null, attempt: number): void {
    const welcome = this.#welcome;
    if (welcome === null) return;
    if (position === null) {
      this.#post({ kind: 'to', to: tab, attempt, frame: followerWelcome(welcome, 'fresh', this.#last) });
      return;
    }
    // a tab ahead of the leader (it applied events the new leader has not yet) ignores what it holds
    if (position < this.#from) {
      this.#post({ kind: 'to', to: tab, attempt, frame: followerWelcome(welcome, 'resync', this.#last) });
      return;
    }
    this.#post({ kind: 'to', to: tab, attempt, frame: followerWelcome(welcome, 'resumed', this.#last) });
    const missed = this.#events.filter((event) => event.seq !== undefined && event.seq > position);
    if (missed.length > 0) this.#post({ kind: 'to', to: tab, attempt, frame: { type: 'events', events: missed } });
  }

  /** A follower's request: sent on with an id of the relay's; its reply goes back to that tab. */
  request(tab: string, frame: RequestOut): void {
    const id = this.#nextId++;
    if (this.#send({ ...frame, id })) this.#routes.set(id, { tab, id: frame.id });
  }
}

import type { Store } from '../store/store';
import type { Requests } from '../transport/requests';

/**
 * The users this client is subscribed to: the current user always, others on `subscribe` up to a
 * cap (past it the oldest is unsubscribed), and all of them read again after a resume, when their
 * reachability may have changed meanwhile.
 */
export class UserSubscriptions {
  /** Subscribed users besides the current one, oldest first. */
  #others: string[] = [];

  constructor(
    private readonly identity: string,
    private readonly cap: number,
    private readonly store: Store,
    private readonly requests: Requests
  ) {}

  /** Subscribes a user, unless the store already holds it subscribed. */
  async subscribe(identity: string): Promise<void> {
    if (this.store.getState().users[identity]?.subscribed) return;
    await this.requests.request('subscribeUsers', { identities: [identity] }, (result) =>
      this.store.dispatch({ type: 'usersLoaded', items: result.items })
    );
    if (identity === this.identity) return;
    this.#others.push(identity);
    while (this.#others.length > this.cap) {
      const oldest = this.#others.shift();
      if (oldest !== undefined) void this.unsubscribe(oldest).catch(() => undefined);
    }
  }

  /** Ends the subscription to a user (never the current user's). */
  async unsubscribe(identity: string): Promise<void> {
    if (identity === this.identity || !this.store.getState().users[identity]?.subscribed) return;
    this.#others = this.#others.filter((other) => other !== identity);
    await this.requests.request('unsubscribeUsers', { identities: [identity] }, () =>
      this.store.dispatch({ type: 'userUnsubscribed', identity })
    );
  }

  /** Subscribes the current user and reads every subscribed user again. */
  async refresh(): Promise<void> {
    const users = this.store.getState().users;
    const identities = [
      this.identity,
      ...Object.keys(users).filter((id) => id !== this.identity && users[id].subscribed)
    ];
    for (let i = 0; i < identities.length; i += 100) {
      await this.requests.request('subscribeUsers', { identities: identities.slice(i, i + 100) }, (result) =>
        this.store.dispatch({ type: 'usersLoaded', items: result.items })
      );
    }
  }
}

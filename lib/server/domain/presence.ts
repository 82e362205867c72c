/**
 * Who is online in this process: an identity is online while it has at least one live
 * session. `connect` and `disconnect` answer whether the identity's reachability changed.
 */
export class Presence {
  private readonly sessions = new Map<string, number>();

  isOnline(identity: string): boolean {
    return this.sessions.has(identity);
  }

  /** Counts a session; true if the identity just came online. */
  connect(identity: string): boolean {
    const count = this.sessions.get(identity) ?? 0;
    this.sessions.set(identity, count + 1);
    return count === 0;
  }

  /** Uncounts a session; true if the identity just went offline. */
  disconnect(identity: string): boolean {
    const count = this.sessions.get(identity) ?? 0;
    if (count <= 1) {
      this.sessions.delete(identity);
      return count === 1;
    }
    this.sessions.set(identity, count - 1);
    return false;
  }
}

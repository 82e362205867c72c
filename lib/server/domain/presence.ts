/** Told when an identity's reachability changes: `online` is its new value. */
export type PresenceListener = (identity: string, online: boolean) => void;

/**
 * Who is online: an identity is online while it has a live session in this process, or another
 * process of the cluster reports one (`setRemote`, `changeRemote`; `dropRemote` when that
 * process stops reporting). `connect` and `disconnect` count this process's sessions and answer
 * whether the identity's reachability changed; listeners hear every change, local or remote.
 */
export class Presence {
  /** Sessions in this process, by identity. */
  private readonly local = new Map<string, number>();
  /** Identities online in each other process. */
  private readonly remote = new Map<string, Set<string>>();
  /** For each online identity: how many places have it (this process counts once). */
  private readonly places = new Map<string, number>();
  private readonly listeners = new Set<PresenceListener>();
  private readonly localListeners = new Set<PresenceListener>();

  isOnline(identity: string): boolean {
    return this.places.has(identity);
  }

  /** Identities with a live session in this process. */
  localIdentities(): string[] {
    return [...this.local.keys()];
  }

  /** Hears every change of reachability. Answers a function that stops it. */
  onChange(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears an identity's first session in this process starting and its last one ending. */
  onLocalChange(listener: PresenceListener): () => void {
    this.localListeners.add(listener);
    return () => this.localListeners.delete(listener);
  }

  /** Counts a session; true if the identity just came online. */
  connect(identity: string): boolean {
    const count = this.local.get(identity) ?? 0;
    this.local.set(identity, count + 1);
    if (count > 0) return false;
    for (const listener of this.localListeners) listener(identity, true);
    return this.add(identity);
  }

  /** Uncounts a session; true if the identity just went offline. */
  disconnect(identity: string): boolean {
    const count = this.local.get(identity) ?? 0;
    if (count > 1) {
      this.local.set(identity, count - 1);
      return false;
    }
    if (count === 0) return false;
    this.local.delete(identity);
    for (const listener of this.localListeners) listener(identity, false);
    return this.remove(identity);
  }

  /** Replaces what another process reports online. */
  setRemote(node: string, identities: Iterable<string>): void {
    const next = new Set(identities);
    const before = this.remote.get(node) ?? new Set<string>();
    this.remote.set(node, next);
    for (const identity of next) if (!before.has(identity)) this.add(identity);
    for (const identity of before) if (!next.has(identity)) this.remove(identity);
  }

  /** Applies another process's changes. */
  changeRemote(node: string, online: readonly string[], offline: readonly string[]): void {
    let mine = this.remote.get(node);
    if (!mine) this.remote.set(node, (mine = new Set()));
    for (const identity of online) {
      if (!mine.has(identity)) {
        mine.add(identity);
        this.add(identity);
      }
    }
    for (const identity of offline) if (mine.delete(identity)) this.remove(identity);
  }

  /** Forgets another process (it stopped, or stopped reporting). */
  dropRemote(node: string): void {
    this.setRemote(node, []);
    this.remote.delete(node);
  }

  /** Processes that report presence. */
  remoteNodes(): string[] {
    return [...this.remote.keys()];
  }

  private add(identity: string): boolean {
    const places = this.places.get(identity) ?? 0;
    this.places.set(identity, places + 1);
    if (places > 0) return false;
    this.tell(identity, true);
    return true;
  }

  private remove(identity: string): boolean {
    const places = this.places.get(identity) ?? 0;
    if (places > 1) {
      this.places.set(identity, places - 1);
      return false;
    }
    this.places.delete(identity);
    if (places === 0) return false;
    this.tell(identity, false);
    return true;
  }

  private tell(identity: string, online: boolean): void {
    for (const listener of this.listeners) listener(identity, online);
  }
}

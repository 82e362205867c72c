import { clone } from './fake-indexeddb';

/**
 * The Web Locks API (`navigator.locks`) for specs in Node, which lacks it: exclusive locks by name,
 * granted in request order, `ifAvailable` and `signal` included — the part the tab model uses. The
 * real one runs in spec/e2e (Chromium).
 */
type Callback = (lock: { name: string } | null) => unknown;

export class SpecLocks {
  readonly #held = new Set<string>();
  readonly #queues = new Map<string, Array<() => void>>();

  request(
    name: string,
    ...rest: [Callback] | [{ ifAvailable?: boolean; signal?: AbortSignal }, Callback]
  ): Promise<unknown> {
    const [options, callback] = rest.length === 1 ? [{}, rest[0]] : rest;
    if (this.#held.has(name)) {
      if (options.ifAvailable === true) return Promise.resolve(callback(null));
      return new Promise((resolve, reject) => {
        const queue = this.#queues.get(name) ?? [];
        const grant = () => resolve(this.#run(name, callback));
        queue.push(grant);
        this.#queues.set(name, queue);
        options.signal?.addEventListener('abort', () => {
          const at = queue.indexOf(grant);
          if (at !== -1) queue.splice(at, 1);
          reject(new Error('aborted'));
        });
      });
    }
    return this.#run(name, callback);
  }

  async #run(name: string, callback: Callback): Promise<unknown> {
    this.#held.add(name);
    try {
      return await callback({ name });
    } finally {
      this.#held.delete(name);
      this.#queues.get(name)?.shift()?.();
    }
  }
}

/**
 * BroadcastChannel between the "tabs" of one spec: Node's own clones messages into objects of the
 * outer realm (see fake-indexeddb.ts), so this one delivers, in order and never to the sender, a
 * copy made in this realm, each in a task of its own as a browser does.
 */
class SpecChannel {
  static readonly open = new Map<string, Set<SpecChannel>>();
  onmessage: ((event: { data: unknown }) => void) | null = null;
  readonly #name: string;

  constructor(name: string) {
    this.#name = name;
    const peers = SpecChannel.open.get(name) ?? new Set();
    peers.add(this);
    SpecChannel.open.set(name, peers);
  }

  postMessage(message: unknown): void {
    for (const peer of SpecChannel.open.get(this.#name) ?? []) {
      if (peer === this) continue;
      const data = clone(message);
      setImmediate(() => peer.onmessage?.({ data }));
    }
  }

  close(): void {
    SpecChannel.open.get(this.#name)?.delete(this);
  }
}

/** Installs `navigator.locks` and a BroadcastChannel for tabs in one process; answers how to take them away. */
export function installTabs(): () => void {
  const g = globalThis as { navigator?: { locks?: unknown }; BroadcastChannel?: unknown };
  const had = g.navigator;
  const channel = g.BroadcastChannel;
  if (had === undefined) g.navigator = { locks: new SpecLocks() };
  else Object.defineProperty(had, 'locks', { value: new SpecLocks(), configurable: true });
  g.BroadcastChannel = SpecChannel;
  return () => {
    g.BroadcastChannel = channel;
    if (had === undefined) delete g.navigator;
    else delete had.locks;
  };
}

import { createServer, type Server, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a server: the fault injector of the tests. `cut()` drops
 * every connection through it at once (both directions), as a network failure would.
 */
export class Proxy {
  #server: Server;
  #pairs = new Set<[Socket, Socket]>();
  #target: { host: string; port: number };
  #held = false;
  cuts = 0;
  /** Connections tried through the proxy, refused ones included. */
  attempts = 0;

  private constructor(server: Server, target: { host: string; port: number }) {
    this.#server = server;
    this.#target = target;
  }

  /** Starts a proxy to `target` on a free port. */
  static async start(target: { host: string; port: number }): Promise<Proxy> {
    const server = createServer();
    const proxy = new Proxy(server, target);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** The proxy's port. */
  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** A ws:// URL through the proxy, for a server URL. */
  wsUrl(serverUrl: string): string {
    const url = new URL(serverUrl);
    url.host = `127.0.0.1:${this.port}`;
    return url.toString();
  }

  /** Points new connections at another target (a restarted server). */
  retarget(target: { host: string; port: number }): void {
    this.#target = target;
  }

  /** Drops every connection through the proxy. */
  cut(): void {
    this.cuts++;
    for (const [a, b] of this.#pairs) {
      a.destroy();
      b.destroy();
    }
    this.#pairs.clear();
  }

  /** Refuses new connections (they are dropped at once) until `release`. */
  hold(): void {
    this.#held = true;
  }

  /** Accepts new connections again. */
  release(): void {
    this.#held = false;
  }

  /** Stops forwarding on the current connections without closing them: a dead link that looks alive. */
  freeze(): void {
    for (const [a, b] of this.#pairs) {
      a.unpipe();
      b.unpipe();
      a.pause();
      b.pause();
    }
  }

  /** Stops the proxy. */
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.attempts++;
    if (this.#held) {
      client.destroy();
      return;
    }
    const upstream = connect(this.#target.port, this.#target.host);
    const pair: [Socket, Socket] = [client, upstream];
    this.#pairs.add(pair);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.#pairs.delete(pair);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

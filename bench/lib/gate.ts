/**
 * A loopback TCP gate in front of a server: open, it forwards connections (and notes when it
 * accepted the last one); shut, it cuts every connection and refuses new ones — a client behind it
 * is offline until the gate opens again.
 */
import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';

export class Gate {
  #open = true;
  #pairs = new Set<Socket>();
  /** `performance.now()` when the last connection was accepted and forwarded. */
  acceptedAt = 0;

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number }
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  /** Starts a gate to `target` on a free loopback port. */
  static async start(target: { host: string; port: number }): Promise<Gate> {
    const gate = new Gate(createServer({ noDelay: true }), target);
    await new Promise<void>((resolve) => gate.server.listen(0, '127.0.0.1', resolve));
    return gate;
  }

  /** The server's URL with the gate's port instead. */
  url(serverUrl: string): string {
    const url = new URL(serverUrl);
    url.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return url.toString();
  }

  /** Cuts every connection and refuses new ones. */
  shut(): void {
    this.#open = false;
    for (const socket of this.#pairs) socket.destroy();
    this.#pairs.clear();
  }

  /** Forwards new connections again. */
  open(): void {
    this.#open = true;
  }

  /** Stops the gate. */
  async close(): Promise<void> {
    this.shut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (!this.#open) {
      client.destroy();
      return;
    }
    this.acceptedAt = performance.now();
    const upstream = connect({ ...this.target, noDelay: true });
    for (const socket of [client, upstream]) {
      this.#pairs.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.#pairs.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

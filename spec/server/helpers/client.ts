import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../../lib/protocol';
import { waitFor, waitForAsync } from '../../helpers/wait';

/** A frame as received (tests inspect them loosely). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Frame = Record<string, any>;
/** A received event, flattened out of `event` and `events` frames. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ReceivedEvent = { seq?: number; name: string; data: any };

const clients = new Set<TestClient>();

/** Opens a raw socket (no handshake). */
export function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Waits until `check` answers a value (not undefined or false), and answers it; fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | false,
  timeoutMs = 3000,
  what = 'condition'
): Promise<T> {
  let value: T | undefined | false;
  await waitFor(() => (value = check()) !== undefined && value !== false, what, timeoutMs);
  return value as T;
}

/** Waits until the async `check` answers something other than undefined or false, and answers it; fails after `timeoutMs`. */
export async function eventuallyAsync<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 3000,
  what = 'condition'
): Promise<T> {
  let value: T | undefined | false;
  await waitForAsync(async () => (value = await check()) !== undefined && value !== false, what, timeoutMs);
  return value as T;
}

/** A real WebSocket client speaking the protocol, for tests. */
export class TestClient {
  readonly frames: Frame[] = [];
  readonly events: ReceivedEvent[] = [];
  welcome: Frame | null = null;
  private nextId = 1;
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    clients.add(this);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      if (frame.type === 'event') this.events.push({ seq: frame.seq, name: frame.name, data: frame.data });
      if (frame.type === 'events') for (const e of frame.events) this.events.push(e);
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    );
  }

  /** Connects and makes the handshake; answers the client once the welcome (or denial) arrived. */
  static async connect(url: string, token: string, extra: Frame = {}): Promise<TestClient> {
    const client = new TestClient(await openSocket(url));
    client.ws.send(JSON.stringify({ type: 'handshake', protocol: PROTOCOL_VERSION, token, ...extra }));
    const answer = await client.waitFrame((f) => f.type === 'welcome' || f.type === 'denied');
    if (answer.type === 'welcome') client.welcome = answer;
    return client;
  }

  /** Sends any value as a text frame. */
  sendRaw(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** Sends a request; answers its reply frame. */
  request(command: string, args: unknown = {}): Promise<Frame> {
    const id = this.nextId++;
    this.sendRaw({ type: 'request', id, command, args });
    return this.waitFrame((f) => f.type === 'reply' && f.id === id, 5000);
  }

  /** Sends a request; answers its result, or throws its error. */
  async call(command: string, args: unknown = {}): Promise<Frame> {
    const reply = await this.request(command, args);
    if (reply.error) throw Object.assign(new Error(`${command}: ${reply.error.message}`), { wire: reply.error });
    return reply.result;
  }

  /** Sends a request that must fail; answers its error. */
  async fail(command: string, args: unknown = {}): Promise<Frame> {
    const reply = await this.request(command, args);
    if (!reply.error) throw new Error(`${command} succeeded: ${JSON.stringify(reply.result)}`);
    return reply.error;
  }

  /** The first frame (received so far or later) passing `test`. */
  waitFrame(test: (frame: Frame) => boolean, timeoutMs = 3000): Promise<Frame> {
    return eventually(() => this.frames.find(test), timeoutMs, 'a frame');
  }

  /** The first event named `name` (and passing `test`). */
  waitEvent(name: string, test: (e: ReceivedEvent) => boolean = () => true, timeoutMs = 3000): Promise<ReceivedEvent> {
    return eventually(() => this.events.find((e) => e.name === name && test(e)), timeoutMs, `event ${name}`);
  }

  /** Events named `name`. */
  named(name: string): ReceivedEvent[] {
    return this.events.filter((e) => e.name === name);
  }

  /** The highest seq received. */
  get position(): number {
    return this.events.reduce(
      (max, e) => (e.seq !== undefined && e.seq > max ? e.seq : max),
      this.welcome?.position ?? 0
    );
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}

/** Terminates every client a test opened. */
export function closeClients(): void {
  for (const client of clients) client.ws.terminate();
  clients.clear();
}

import WebSocket from 'ws';
import {
  PROTOCOL_VERSION,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type EventName,
  type ServerEvent,
  type WelcomeFrame,
  type WireError
} from '../../../lib/protocol';
import { waitFor, waitForAsync } from '../../helpers/wait';

/**
 * A frame as received from the server, read loosely (the tests check what the server sends, so they
 * do not decode it): the fields of every server frame, each optional.
 */
export interface Frame {
  type: string;
  id?: number;
  result?: unknown;
  error?: WireError;
  position?: number;
  seq?: number;
  name?: string;
  data?: unknown;
  events?: ReceivedEvent[];
  [field: string]: unknown;
}
/** A received event, flattened out of `event` and `events` frames. */
export type ReceivedEvent = ServerEvent;
/** The received event named `K`. */
export type EventNamed<K extends EventName> = Extract<ServerEvent, { name: K }>;
/** A reply frame: the result of `K` (a command's name, or any string when testing bad input), or an error. */
export interface Reply<K extends string = string> {
  type: 'reply';
  id: number;
  result?: K extends CommandName ? CommandResult<K> : unknown;
  error?: WireError;
  position?: number;
  [field: string]: unknown;
}

const clients = new Set<TestClient>();

/** What an event is about, for compact assertions: its message's body, participant's identity, or conversation sid. */
export function eventSubject(event: ReceivedEvent): string {
  const data = event.data as {
    message?: { body: string | null };
    participant?: { identity: string | null };
    conversationSid?: string;
  };
  return data.message?.body ?? data.participant?.identity ?? data.conversationSid ?? '';
}

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

/**
 * Waits until the async `check` answers something other than undefined or false, and answers it; fails
 * after `timeoutMs`.
 */
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
  welcome: WelcomeFrame | null = null;
  private nextId = 1;
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    clients.add(this);
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) return;
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      if (frame.type === 'event') this.events.push(frame as unknown as ReceivedEvent);
      if (frame.type === 'events') for (const e of frame.events ?? []) this.events.push(e);
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    );
  }

  /** Connects and makes the handshake; answers the client once the welcome (or denial) arrived. */
  static async connect(url: string, token: string, extra: Record<string, unknown> = {}): Promise<TestClient> {
    const client = new TestClient(await openSocket(url));
    client.ws.send(JSON.stringify({ type: 'handshake', protocol: PROTOCOL_VERSION, token, ...extra }));
    const answer = await client.waitFrame((f) => f.type === 'welcome' || f.type === 'denied');
    if (answer.type === 'welcome') client.welcome = answer as unknown as WelcomeFrame;
    return client;
  }

  /** Sends any value as a text frame. */
  sendRaw(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** Sends a request (of any name and arguments, well-formed or not); answers its reply frame. */
  request<K extends string>(command: K, args: unknown = {}): Promise<Reply<K>> {
    const id = this.nextId++;
    this.sendRaw({ type: 'request', id, command, args });
    return this.waitFrame((f) => f.type === 'reply' && f.id === id, 5000) as Promise<Reply<K>>;
  }

  /** Sends a command; answers its result, typed by the protocol's codecs, or throws its error. */
  async call<K extends CommandName>(
    command: K,
    ...[args]: object extends CommandArgs<K> ? [args?: CommandArgs<K>] : [args: CommandArgs<K>]
  ): Promise<CommandResult<K>> {
    const reply = await this.request(command, args ?? {});
    if (reply.error) throw Object.assign(new Error(`${command}: ${reply.error.message}`), { wire: reply.error });
    return reply.result as CommandResult<K>;
  }

  /** Sends a request that must fail; answers its error. */
  async fail(command: string, args: unknown = {}): Promise<WireError> {
    const reply = await this.request(command, args);
    if (!reply.error) throw new Error(`${command} succeeded: ${JSON.stringify(reply.result)}`);
    return reply.error;
  }

  /** The first frame (received so far or later) passing `test`. */
  waitFrame(test: (frame: Frame) => boolean, timeoutMs = 3000): Promise<Frame> {
    return eventually(() => this.frames.find(test), timeoutMs, 'a frame');
  }

  /** The first event named `name` (and passing `test`). */
  waitEvent<K extends EventName>(
    name: K,
    test: (e: EventNamed<K>) => boolean = () => true,
    timeoutMs = 3000
  ): Promise<EventNamed<K>> {
    return eventually(() => this.named(name).find(test), timeoutMs, `event ${name}`);
  }

  /** Events named `name`. */
  named<K extends EventName>(name: K): EventNamed<K>[] {
    return this.events.filter((e): e is EventNamed<K> => e.name === name);
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

/**
 * A bare protocol client for the floors and for driving load: a `ws` socket, the handshake, and
 * requests matched to replies by id — JSON.parse and nothing else (no codecs, no store).
 */
import WebSocket from 'ws';

/** A reply frame, parsed. */
export interface RawReply {
  id: number;
  result?: unknown;
  error?: { code: number; message: string };
  position?: number;
}

/** An open, welcomed connection. */
export class RawSocket {
  #next = 1;
  #waiting = new Map<number, { resolve: (reply: RawReply) => void; reject: (error: Error) => void }>();
  /** Called with every frame that is not a reply (events, pings), as text. */
  onOther: (text: string) => void = () => undefined;

  private constructor(
    readonly ws: WebSocket,
    readonly welcome: { position: number; resume: string }
  ) {
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith('{"type":"reply"')) {
        const reply = JSON.parse(text) as RawReply;
        const waiter = this.#waiting.get(reply.id);
        if (!waiter) return;
        this.#waiting.delete(reply.id);
        if (reply.error) waiter.reject(new Error(`${reply.error.code} ${reply.error.message}`));
        else waiter.resolve(reply);
        return;
      }
      this.onOther(text);
    });
    ws.on('close', () => {
      for (const waiter of this.#waiting.values()) waiter.reject(new Error('socket closed'));
      this.#waiting.clear();
    });
  }

  /**
   * Connects and handshakes (resuming from `resume` when given). `early` sees every frame that
   * arrives after the welcome before this resolves (a replay follows the welcome at once).
   */
  static connect(
    url: string,
    token: string,
    resume: number | null = null,
    early?: (text: string) => void
  ): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('error', reject);
      ws.once('open', () =>
        ws.send(
          JSON.stringify({
            type: 'handshake',
            protocol: 1,
            token,
            resume: resume === null ? null : { position: resume }
          })
        )
      );
      ws.once('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString()) as {
          type: string;
          position: number;
          resume: string;
          error?: { message: string };
        };
        if (frame.type !== 'welcome')
          return reject(new Error(`handshake refused: ${frame.error?.message ?? frame.type}`));
        ws.off('error', reject);
        const socket = new RawSocket(ws, { position: frame.position, resume: frame.resume });
        if (early) socket.onOther = early;
        resolve(socket);
      });
    });
  }

  /** Sends a request; answers its reply (rejects on an error reply). */
  request(command: string, args: object): Promise<RawReply> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ type: 'request', id, command, args }));
    });
  }

  /** Requests not answered yet. */
  get inFlight(): number {
    return this.#waiting.size;
  }

  /** Closes the socket and waits for it to be closed. */
  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

/**
 * Sends `count` messages through `socket`, spread over `conversationSids` in turn, keeping at most
 * `window` requests in flight; answers when every one was acknowledged.
 */
export async function pump(
  socket: RawSocket,
  conversationSids: readonly string[],
  count: number,
  window: number,
  body: (i: number) => string
): Promise<void> {
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      const i = sent++;
      await socket.request('sendMessage', {
        conversationSid: conversationSids[i % conversationSids.length],
        key: `k${Date.now()}-${i}`,
        body: body(i)
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, window) }, worker));
}

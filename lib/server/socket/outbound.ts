import WebSocket from 'ws';
import { CloseCode, ErrorCode, type WireError, wireError } from '../../protocol';
import { type PreparedEvent, batchFrame } from '../hub/prepared-event';

/** How long a closing socket may take to finish the close handshake before it is cut. */
const CLOSE_GRACE_MS = 2000;
/**
 * How long a slow consumer has to read what was already buffered for it, up to the `close`
 * frame, before it is cut: nothing more is queued meanwhile, so its memory stays bounded.
 */
const SLOW_CONSUMER_GRACE_MS = 10_000;

/** A WebSocket close code from the protocol. */
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * Writes frames to one socket: replies, events (queued, then sent in one frame per tick),
 * and the `close` frame that precedes a server-side close. A socket holding more than
 * `maxBufferedBytes` unsent is closed as a slow consumer.
 */
export class Outbound {
  private queue: PreparedEvent[] = [];
  private closing = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly maxBufferedBytes: number,
    /** Told, with the unsent byte count, when the socket is closed as a slow consumer. */
    private readonly onSlowConsumer: (bufferedBytes: number) => void = () => undefined
  ) {}

  /** Whether frames can still be sent. */
  get open(): boolean {
    return !this.closing && this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends one frame object now. */
  send(frame: object): void {
    this.write(JSON.stringify(frame));
  }

  /** Sends already-serialized bytes or text now. */
  write(data: string | Buffer): void {
    if (!this.open) return;
    if (this.ws.bufferedAmount > this.maxBufferedBytes) return this.slowConsumer();
    this.ws.send(data, { binary: false });
  }

  /** Answers a request with its result and, when it caused events, the position of the last one. */
  result(id: number, result: unknown, position?: number): void {
    this.send(position === undefined ? { type: 'reply', id, result } : { type: 'reply', id, result, position });
  }

  /** Answers a request with an error. */
  error(id: number, error: WireError): void {
    this.send({ type: 'reply', id, error });
  }

  /** Queues an event for the next flush. */
  enqueue(event: PreparedEvent): void {
    if (this.open) this.queue.push(event);
  }

  /** Sends the queued events, in one frame when there are several. */
  flush(): void {
    const events = this.queue;
    this.queue = [];
    if (events.length > 0) this.write(batchFrame(events));
  }

  /**
   * Sends a `close` frame saying why (unless `announce` is false: after a `denied` frame),
   * then closes the socket with `code`; a peer that does not finish the close within
   * `graceMs` is cut.
   */
  close(code: CloseCodeValue, error: WireError, announce = true, graceMs = CLOSE_GRACE_MS): void {
    if (this.closing) return;
    if (announce && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'close', error }));
    this.closing = true;
    this.queue = [];
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, error.message.slice(0, 120));
    }
    setTimeout(() => this.ws.terminate(), graceMs).unref();
  }

  private slowConsumer(): void {
    this.onSlowConsumer(this.ws.bufferedAmount);
    const error = wireError(ErrorCode.RateLimited, 'The client reads too slowly: resume on reconnect');
    this.close(CloseCode.SlowConsumer, error, true, SLOW_CONSUMER_GRACE_MS);
  }
}

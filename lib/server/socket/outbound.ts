import WebSocket from 'ws';
import { CloseCode, ErrorCode, type WireError, wireError } from '../../protocol';
import { BatchFrames, type PreparedEvent } from '../hub/prepared-event';

/** How long a closing socket may take to finish the close handshake before it is cut. */
const CLOSE_GRACE_MS = 2000;
/**
 * How long a slow consumer has to read what was already buffered for it, up to the `close`
 * frame, before it is cut: nothing more is queued meanwhile, so its memory stays bounded.
 */
const SLOW_CONSUMER_GRACE_MS = 10_000;

/** While a replay waits for the socket to drain, how often it looks again. */
const DRAIN_POLL_MS = 10;
/** Most bytes of events in one frame when a backlog of held events is flushed. */
const BYTES_PER_FRAME = 256 * 1024;

/** A WebSocket close code from the protocol. */
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * Writes frames to one socket: replies, events (queued, then sent in one frame per tick),
 * and the `close` frame that precedes a server-side close. A socket holding more than
 * `maxBufferedBytes` unsent is closed as a slow consumer. While a resume replays, live events
 * are held back (`hold`/`release`), bounded by the same limit.
 */
export class Outbound {
  private queue: PreparedEvent[] = [];
  private queuedBytes = 0;
  private held = false;
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
    if (!this.open) return;
    this.queue.push(event);
    this.queuedBytes += event.frame.length;
    if (this.held && this.queuedBytes > this.maxBufferedBytes) this.slowConsumer();
  }

  /**
   * Sends the queued events, in one frame when there are several (unless held); `frames` builds the frames (shared
   * by the sockets of one flush).
   */
  flush(frames = new BatchFrames()): void {
    if (this.held || this.queue.length === 0) return;
    const events = this.queue;
    const single = this.queuedBytes <= BYTES_PER_FRAME;
    this.queue = [];
    this.queuedBytes = 0;
    if (single) return this.write(frames.of(events));
    let from = 0;
    let bytes = 0;
    for (let i = 0; i < events.length; i++) {
      if (i > from && bytes + events[i].frame.length > BYTES_PER_FRAME) {
        this.write(frames.of(events.slice(from, i)));
        from = i;
        bytes = 0;
      }
      bytes += events[i].frame.length;
    }
    this.write(frames.of(events.slice(from)));
  }

  /** Holds queued events back (a replay is being written ahead of them). */
  hold(): void {
    this.held = true;
  }

  /** Sends what was held, and queues as usual again. */
  release(): void {
    this.held = false;
    this.flush();
  }

  /**
   * Resolves true once the socket holds at most half of `maxBufferedBytes` unsent (at once
   * when it does), false once it is closed: a replay writes a frame at a time behind it.
   */
  async drained(): Promise<boolean> {
    while (this.open && this.ws.bufferedAmount > this.maxBufferedBytes / 2) {
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
    return this.open;
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
    this.queuedBytes = 0;
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, error.message.slice(0, 120));
    }
    setTimeout(() => this.ws.terminate(), graceMs).unref();
  }

  private slowConsumer(): void {
    // unsent: what the socket holds, plus events held behind a replay
    this.onSlowConsumer(this.ws.bufferedAmount + this.queuedBytes);
    const error = wireError(ErrorCode.RateLimited, 'The client reads too slowly: resume on reconnect');
    this.close(CloseCode.SlowConsumer, error, true, SLOW_CONSUMER_GRACE_MS);
  }
}

import type WebSocket from 'ws';
import { CloseCode, ErrorCode, type WireError, wireError } from '../../protocol';
import type { Outbound } from './outbound';
import type { ConnectionLimits } from './rate-limit';

/** Least time a connection over its rate limit is not read. */
const RATE_LIMIT_PAUSE_MS = 250;

/** Bad frames a connection may send before its handshake; the next one closes it (1002). */
const BAD_FRAMES_BEFORE_HANDSHAKE = 3;

/** Frames refused unparsed (nested too deeply) a connection may send; the next one closes it (1009). */
const REFUSED_FRAMES = 2;

/**
 * What one connection may send: its frames charged to the rate limits, and its bad frames counted.
 * Over the limits a request is refused with `RateLimited`, the connection is not read for a while
 * (its frames wait in its socket), and one kept over them for `rateLimitGraceMs` is closed (4029).
 * A run of `maxBadFrames` bad frames closes it (1002; before the handshake, after
 * {@link BAD_FRAMES_BEFORE_HANDSHAKE}), and so does a third frame refused unparsed (1009).
 */
export class Admission {
  private badFrames = 0;
  private refusedFrames = 0;
  private paused = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly out: Outbound,
    private readonly limits: ConnectionLimits,
    private readonly maxBadFrames: number,
    /** Logs that the connection is closed for staying over its limit. */
    private readonly overLimit: () => void
  ) {}

  /** Charges a frame to the rate limits (`requestId` set for a request); false when it is not to be handled. */
  admitted(requestId: number | null): boolean {
    const admission = this.limits.admit(requestId !== null);
    if (admission.admitted) return true;
    if (requestId !== null)
      this.out.error(
        requestId,
        wireError(ErrorCode.RateLimited, `Too many requests: retry in ${admission.retryInMs} ms`)
      );
    if (admission.close) {
      if (!this.out.open) return false;
      this.overLimit();
      this.out.close(
        CloseCode.RateLimited,
        wireError(ErrorCode.RateLimited, 'Too many requests for too long: wait before reconnecting')
      );
    } else if (!this.paused) {
      this.paused = true;
      this.ws.pause();
      setTimeout(
        () => {
          this.paused = false;
          this.ws.resume();
        },
        Math.max(admission.retryInMs, RATE_LIMIT_PAUSE_MS)
      ).unref();
    }
    return false;
  }

  /** A bad frame: answered with `error`, and counted. */
  bad(id: number, error: WireError, beforeHandshake: boolean): void {
    this.out.error(id, error);
    const limit = beforeHandshake ? BAD_FRAMES_BEFORE_HANDSHAKE : this.maxBadFrames;
    if (++this.badFrames >= limit) {
      this.out.close(CloseCode.ProtocolError, wireError(ErrorCode.BadRequest, `${this.badFrames} bad frames in a row`));
    }
  }

  /** A good request: the run of bad frames is over. */
  good(): void {
    this.badFrames = 0;
  }

  /** A frame refused unparsed: answered; after {@link REFUSED_FRAMES} of them the connection is closed and not read. */
  refused(error: WireError): void {
    this.out.error(0, error);
    if (++this.refusedFrames > REFUSED_FRAMES) {
      this.out.close(CloseCode.TooLarge, error);
      this.ws.pause();
    }
  }
}

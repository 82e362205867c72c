/**
 * Rate limits: a token bucket per connection and one per identity (shared by its connections in
 * this process). A request takes a token from both; one over either limit is refused with
 * `RateLimited`, the connection stops being read until a token is due (its further frames wait
 * in its own socket), and a connection that stays over its limit for `graceMs` is closed (4029).
 */

/** Milliseconds on a clock that never goes back (the wall clock may). */
const clock = () => performance.now();

/** Requests a second, and how many may come at once. A rate of 0 turns the limit off. */
export interface BucketSettings {
  ratePerSecond: number;
  burst: number;
}

/** A token bucket: `ratePerSecond` tokens a second, holding at most `burst`. */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly settings: BucketSettings,
    now: number
  ) {
    this.tokens = settings.burst;
    this.at = now;
  }

  /** Milliseconds until a token is there: 0 when one is. */
  wait(now: number): number {
    if (this.settings.ratePerSecond <= 0) return 0;
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.settings.ratePerSecond);
  }

  /** Takes a token (call after `wait` answered 0). */
  take(now: number): void {
    if (this.settings.ratePerSecond <= 0) return;
    this.refill(now);
    this.tokens -= 1;
  }

  /** Whether it is full again: nothing is owed, so it can be forgotten. */
  full(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.settings.burst;
  }

  private refill(now: number): void {
    if (now <= this.at) return;
    this.tokens = Math.min(this.settings.burst, this.tokens + ((now - this.at) * this.settings.ratePerSecond) / 1000);
    this.at = now;
  }
}

/** The rate-limit settings of a server. */
export interface RateLimitSettings {
  connection: BucketSettings;
  identity: BucketSettings;
  /** A connection kept over its limit this long (refusals less than a second apart) is closed. */
  graceMs: number;
}

/** What to do with a frame: run it, or refuse it and stop reading for `retryInMs` (closing, if `close`). */
export type Admission = { admitted: true } | { admitted: false; retryInMs: number; close: boolean };

const ADMITTED: Admission = Object.freeze({ admitted: true });

/** Refusals further apart than this end a streak of them. */
const STREAK_GAP_MS = 1000;

/** The limits of one connection: its own bucket, its identity's once known, and its streak of refusals. */
export class ConnectionLimits {
  private readonly own: TokenBucket;
  private identity: { name: string; bucket: TokenBucket } | null = null;
  private limitedSince: number | null = null;
  private lastRefusal = 0;

  constructor(
    private readonly limiter: RateLimiter,
    now = clock()
  ) {
    this.own = new TokenBucket(limiter.settings.connection, now);
  }

  /** Ties the connection to its identity's bucket (after the handshake). */
  identify(identity: string, now = clock()): void {
    this.identity = { name: identity, bucket: this.limiter.join(identity, now) };
  }

  /** Lets go of the identity's bucket (the connection closed). */
  release(): void {
    if (this.identity) this.limiter.leave(this.identity.name);
    this.identity = null;
  }

  /** Takes a token for a frame (from the identity's bucket too, for a request), or says how long to wait. */
  admit(request: boolean, now = clock()): Admission {
    // every frame comes through here: no array of buckets per frame
    const shared = request && this.identity ? this.identity.bucket : null;
    const wait = Math.max(this.own.wait(now), shared === null ? 0 : shared.wait(now));
    if (wait === 0) {
      this.own.take(now);
      shared?.take(now);
      return ADMITTED;
    }
    if (this.limitedSince === null || now - this.lastRefusal > STREAK_GAP_MS) this.limitedSince = now;
    this.lastRefusal = now;
    return { admitted: false, retryInMs: wait, close: now - this.limitedSince >= this.limiter.settings.graceMs };
  }
}

/** The buckets of the identities connected to this process. */
export class RateLimiter {
  private readonly identities = new Map<string, { bucket: TokenBucket; connections: number }>();

  constructor(readonly settings: RateLimitSettings) {}

  /** The limits of a new connection. */
  connection(now = clock()): ConnectionLimits {
    return new ConnectionLimits(this, now);
  }

  /** The bucket of an identity, shared by its connections. */
  join(identity: string, now = clock()): TokenBucket {
    let entry = this.identities.get(identity);
    if (!entry)
      this.identities.set(identity, (entry = { bucket: new TokenBucket(this.settings.identity, now), connections: 0 }));
    entry.connections++;
    return entry.bucket;
  }

  /** One connection of an identity closed. */
  leave(identity: string): void {
    const entry = this.identities.get(identity);
    if (entry) entry.connections--;
  }

  /** Forgets identities with no connection whose bucket is full again (reconnecting does not refill one sooner). */
  sweep(now = clock()): void {
    for (const [identity, entry] of this.identities) {
      if (entry.connections <= 0 && entry.bucket.full(now)) this.identities.delete(identity);
    }
  }

  /** Identities tracked now. */
  get size(): number {
    return this.identities.size;
  }
}

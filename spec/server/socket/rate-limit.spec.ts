import { ConnectionLimits, RateLimiter, TokenBucket } from '../../../lib/server/socket/rate-limit';

const settings = {
  connection: { ratePerSecond: 10, burst: 5 },
  identity: { ratePerSecond: 20, burst: 8 },
  graceMs: 3000
};

describe('rate limits', () => {
  it('a token bucket gives its burst at once, then its rate', () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3 }, 0);
    for (let i = 0; i < 3; i++) {
      expect(bucket.wait(0)).toBe(0);
      bucket.take(0);
    }
    expect(bucket.wait(0)).toBe(100);
    expect(bucket.wait(50)).toBe(50);
    expect(bucket.wait(100)).toBe(0);
    bucket.take(100);
    expect(bucket.full(100)).toBe(false);
    expect(bucket.full(400)).toBe(true);
    expect(new TokenBucket({ ratePerSecond: 0, burst: 0 }, 0).wait(0)).toBe(0);
  });

  it('a connection is refused past its own bucket, closed when it stays over its limit for the grace period', () => {
    const limits = new RateLimiter(settings).connection(0);
    for (let i = 0; i < 5; i++) expect(limits.admit(true, 0)).toEqual({ admitted: true });
    expect(limits.admit(true, 0)).toEqual({ admitted: false, retryInMs: 100, close: false });
    // refused at least once a second, the streak goes on, and ends in a close after the grace period
    for (let now = 500; now <= 3000; now += 500) {
      let admission = limits.admit(true, now);
      while (admission.admitted) admission = limits.admit(true, now);
      expect([now, admission.close]).toEqual([now, now >= 3000]);
    }
  });

  it('a pause longer than a second ends the streak', () => {
    const limits = new RateLimiter(settings).connection(0);
    for (let i = 0; i < 6; i++) limits.admit(true, 0);
    expect(limits.admit(true, 0)).toMatchObject({ admitted: false, close: false });
    for (let i = 0; i < 20; i++) limits.admit(true, 2500);
    expect(limits.admit(true, 2500)).toMatchObject({ admitted: false, close: false });
  });

  it("an identity's connections share its bucket; others have their own; a full idle bucket is forgotten", () => {
    const limiter = new RateLimiter(settings);
    const a = limiter.connection(0);
    const b = limiter.connection(0);
    const other = limiter.connection(0);
    a.identify('mallory', 0);
    b.identify('mallory', 0);
    other.identify('olivia', 0);
    let admitted = 0;
    for (let i = 0; i < 5; i++) for (const c of [a, b]) if (c.admit(true, 0).admitted) admitted++;
    expect(admitted).toBe(8);
    expect(other.admit(true, 0)).toEqual({ admitted: true });
    // frames that are not requests count against the connection only: a has one token left of its own
    expect(a.admit(false, 0)).toEqual({ admitted: true });
    expect(a.admit(false, 0)).toMatchObject({ admitted: false });
    a.release();
    b.release();
    other.release();
    limiter.sweep(100);
    expect(limiter.size).toBe(1);
    limiter.sweep(1000);
    expect(limiter.size).toBe(0);
  });

  it('0 turns a limit off', () => {
    const limits = new ConnectionLimits(
      new RateLimiter({
        ...settings,
        connection: { ratePerSecond: 0, burst: 0 },
        identity: { ratePerSecond: 0, burst: 0 }
      }),
      0
    );
    limits.identify('x', 0);
    const admitted = Array.from({ length: 10_000 }, () => limits.admit(true, 0).admitted);
    expect(admitted.every(Boolean)).toBe(true);
  });
});

/** When to try a failed webhook call again. */
export interface RetryPolicy {
  /** The delay after the first failure; it doubles with each one. */
  baseMs: number;
  /** The longest delay. */
  maxDelayMs: number;
  /** A call first written this long ago is dropped after its next failure. */
  retryForMs: number;
}

/**
 * The delay before attempt `failures + 1`: exponential (`baseMs · 2^(failures-1)`, at most
 * `maxDelayMs`), with "equal jitter" — half of it fixed, half random — so that calls that failed
 * together do not come back together. `random` is in [0, 1).
 */
export function retryDelay(failures: number, policy: RetryPolicy, random: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(exponential / 2 + (exponential / 2) * random);
}

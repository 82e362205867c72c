/** How often a condition is looked at again while a test waits on it. */
const POLL_MS = 10;

/** Polls `check` until it returns true, or fails after `timeoutMs` with `what` in the message. */
export function waitFor(check: () => boolean, what: string, timeoutMs = 10000): Promise<void> {
  return waitForAsync(() => Promise.resolve(check()), what, timeoutMs);
}

/**
 * Polls the async `check` until it answers true, or fails after `timeoutMs` with `what` in the
 * message (a function is asked at the failure, so it can tell what it saw last).
 */
export async function waitForAsync(
  check: () => Promise<boolean>,
  what: string | (() => string),
  timeoutMs = 10000
): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

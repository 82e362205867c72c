/** Who the page is: an identity kept in localStorage, and tokens from the demo server. */

const IDENTITY_KEY = 'rx-conversations-demo:identity';

/** A session the demo server handed out. */
export interface Session {
  identity: string;
  token: string;
  /** True when this browser had this identity before (a reload, a later visit). */
  returning: boolean;
}

function storedIdentity(): string | null {
  try {
    return localStorage.getItem(IDENTITY_KEY);
  } catch {
    return null;
  }
}

function store(identity: string): void {
  try {
    localStorage.setItem(IDENTITY_KEY, identity);
  } catch {
    // private mode without storage: a reload is a new visitor
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asks the demo server for a token for this page's visitor (the one of the last visit, or a new
 * one), retrying while the server is down. `onWaiting` hears why it waits.
 */
export async function fetchSession(onWaiting: (reason: string) => void = () => undefined): Promise<Session> {
  for (let attempt = 0; ; attempt++) {
    const identity = storedIdentity();
    const query = identity ? `?identity=${encodeURIComponent(identity)}` : '';
    try {
      const response = await fetch(`/api/session${query}`, { cache: 'no-store' });
      const body = (await response.json()) as Partial<Session> & { error?: string };
      if (response.ok && typeof body.identity === 'string' && typeof body.token === 'string') {
        store(body.identity);
        return { identity: body.identity, token: body.token, returning: body.identity === identity };
      }
      onWaiting(body.error ?? `the demo server answered ${response.status}`);
    } catch (error) {
      onWaiting(`the demo server is not reachable (${error instanceof Error ? error.message : String(error)})`);
    }
    await wait(Math.min(5000, 500 * 2 ** Math.min(attempt, 4)));
  }
}

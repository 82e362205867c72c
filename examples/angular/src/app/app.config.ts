import type { EnvironmentProviders, Provider } from '@angular/core';
import { provideConversations } from 'rx-conversations/angular';

/**
 * Who is signed in. Your backend knows that from its session and issues the token; this example's
 * server names the user in the page's address (`/?user=alice`) to keep it short.
 */
const signedInUser = (): string => new URLSearchParams(location.search).get('user') ?? 'guest';

/** Asks the backend for an access token (called at start and again before the token expires). */
async function fetchToken(): Promise<string> {
  const response = await fetch(`/api/token?user=${encodeURIComponent(signedInUser())}`);
  if (!response.ok) throw new Error(`The token endpoint answered ${response.status}`);
  return response.text();
}

/** The providers of both entries (zoneless and zone.js): the conversations of the signed-in user. */
export const appProviders: Array<Provider | EnvironmentProviders> = [
  provideConversations({ token: fetchToken, reconnect: { minDelayMs: 250, maxDelayMs: 4000 } })
];

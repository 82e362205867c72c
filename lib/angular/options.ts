import { InjectionToken, type EnvironmentProviders, type Provider } from '@angular/core';
import type { ClientOptions } from '../client';
import type { TokenSource } from './token-source';

/** What `provideConversations` takes: the token function and any `ClientOptions`. */
export interface ConversationsConfig extends ClientOptions {
  /**
   * Gives an access token (a string, a Promise or an Observable of one). Called in the injection
   * context of the environment that provides the conversations (so it may `inject(HttpClient)`),
   * once at start and again each time the token is about to expire or has expired.
   */
  token: TokenSource;
}

/** The configuration given to `provideConversations`. */
export const CONVERSATIONS_CONFIG = new InjectionToken<ConversationsConfig>('rx-conversations config');

/** An optional part added to `provideConversations` (as `withDevtools()` is). */
export interface ConversationsFeature {
  /** @hidden */
  readonly kind: string;
  /** @hidden */
  readonly providers: Array<Provider | EnvironmentProviders>;
}

import { makeEnvironmentProviders, type EnvironmentProviders } from '@angular/core';
import { ConversationsError, ErrorCode } from '../client';
import { Conversations } from './conversations';
import { CONVERSATIONS_CONFIG, type ConversationsConfig, type ConversationsFeature } from './options';

/**
 * Provides `Conversations` to an environment (the application's, or a route's):
 * `bootstrapApplication(App, { providers: [provideConversations({ token: () => fetchToken() })] })`.
 * Nothing starts until `Conversations` is first injected; the client is shut down when the
 * environment injector is destroyed. `config` holds the token function and any `ClientOptions`.
 * @throws ConversationsError (BadRequest) when `config` is not an object with a `token` function.
 */
export function provideConversations(
  config: ConversationsConfig,
  ...features: ConversationsFeature[]
): EnvironmentProviders {
  if (config === null || typeof config !== 'object') {
    throw new ConversationsError(
      ErrorCode.BadRequest,
      'provideConversations: config must be an object with a token function',
      { path: 'config' }
    );
  }
  if (typeof config.token !== 'function') {
    throw new ConversationsError(
      ErrorCode.BadRequest,
      `provideConversations: token must be a function, got ${config.token === null ? 'null' : typeof config.token}`,
      {
        path: 'token'
      }
    );
  }
  return makeEnvironmentProviders([
    { provide: CONVERSATIONS_CONFIG, useValue: config },
    { provide: Conversations, useFactory: () => new Conversations() },
    ...features.flatMap((feature) => feature.providers)
  ]);
}

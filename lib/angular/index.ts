/**
 * rx-conversations for Angular: `provideConversations` and the injectable `Conversations`
 * service, with signals, Observables for the `async` pipe, a status that never throws, and the
 * client's socket and timers kept outside the Angular zone.
 *
 * @packageDocumentation
 */
export { provideConversations } from './provide-conversations';
export { Conversations, type SelectSignalOptions } from './conversations';
export { CONVERSATIONS_CONFIG, type ConversationsConfig, type ConversationsFeature } from './options';
export { type TokenSource } from './token-source';
export { withDevtools, type DevtoolsOptions } from './devtools';
export { ZoneScheduler } from './zone-scheduler';

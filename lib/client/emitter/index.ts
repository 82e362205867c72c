/**
 * rx-conversations/emitter: the reference SDK's emitter methods of the Client and of every
 * conversation, message, participant and user — `on`, `addListener`, `once`, `off`,
 * `removeListener`, `removeAllListeners`, `listenerCount` — as subscriptions to the same streams as
 * the `$` Observables. Importing it registers the part with the client of `rx-conversations/lean`
 * (`rx-conversations` includes it).
 *
 * @packageDocumentation
 */
import { listeners } from '../events/listeners';
import { registerPart } from '../model/parts';

registerPart('emitter', listeners);

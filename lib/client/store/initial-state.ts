import { deepFreeze } from './freeze';
import { emptyRecord } from './records';
import type { State, StoreConfig } from './state';

/** How many messages a conversation's window holds by default before evicting whole chunks. */
export const DEFAULT_MESSAGE_CACHE_SIZE = 1000;

/**
 * The state of a client before anything happened: unknown connection, no identity, position 0,
 * empty records. Frozen.
 * @throws RangeError when `messageCacheSize` is not a whole number from 0 up.
 */
export function createInitialState(config: Partial<StoreConfig> = {}): State {
  const messageCacheSize = config.messageCacheSize ?? DEFAULT_MESSAGE_CACHE_SIZE;
  if (!Number.isInteger(messageCacheSize) || messageCacheSize < 0) {
    throw new RangeError(`messageCacheSize must be a whole number from 0 up, not ${String(messageCacheSize)}`);
  }
  return deepFreeze<State>({
    config: { messageCacheSize },
    connection: { state: 'unknown', error: null },
    session: {
      identity: null,
      position: 0,
      status: 'initializing',
      reachabilityEnabled: false,
      failure: null,
      source: 'none',
      warning: null
    },
    conversations: emptyRecord(),
    participants: emptyRecord(),
    messages: emptyRecord(),
    users: emptyRecord(),
    typing: emptyRecord(),
    history: emptyRecord()
  });
}

import type { Bus, BusEvent } from './bus';

/** The in-process bus (the default): every batch goes synchronously to every handler. */
export function createLocalBus(onError: (error: unknown) => void): Bus {
  const handlers = new Set<(events: readonly BusEvent[]) => void>();
  return {
    publish(events) {
      if (events.length === 0) return;
      for (const handler of handlers) {
        try {
          handler(events);
        } catch (error) {
          onError(error);
        }
      }
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      handlers.clear();
    }
  };
}

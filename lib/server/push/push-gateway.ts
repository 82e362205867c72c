import type { PushDelivery } from '../../protocol';

/**
 * Where the server hands push notifications: one call per device. A gateway to APNs or FCM,
 * or to a service of your own, implements it; the built-in one POSTs to a URL.
 */
export interface PushGateway {
  send(delivery: PushDelivery): Promise<void>;
}

/** How long the built-in gateway waits for the target to answer. */
export const PUSH_TIMEOUT_MS = 5000;

/**
 * The built-in gateway: POSTs each delivery as JSON (the protocol's `PushDelivery`) to `url`.
 * Any 2xx is success; anything else, or no answer within {@link PUSH_TIMEOUT_MS}, rejects.
 */
export function httpPushGateway(url: string, timeoutMs = PUSH_TIMEOUT_MS): PushGateway {
  return {
    async send(delivery) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(delivery),
        signal: AbortSignal.timeout(timeoutMs)
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new Error(`the push gateway answered ${response.status}`);
    }
  };
}

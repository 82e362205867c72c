import type { DomainContext } from '../../domain/context';
import type { ApiGate } from '../api-auth';
import type { DeliveryStats } from '../../webhooks/outbox-delivery';

/** What the REST routes need. */
export interface RestDeps {
  ctx: DomainContext;
  auth: ApiGate;
  /** The server's public HTTP URL, for the resources' `url`s. */
  baseUrl: () => string;
  webhooks: {
    /** Told after the webhook settings changed through this process (the pre-event caller reads them again). */
    changed(): Promise<void>;
    /** What this process's outbox delivery has done. */
    stats: DeliveryStats;
  };
}

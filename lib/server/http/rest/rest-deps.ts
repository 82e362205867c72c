import type { DomainContext } from '../../domain/context';
import type { Authenticator } from '../../domain/api-keys';

/** What the REST routes need. */
export interface RestDeps {
  ctx: DomainContext;
  auth: Authenticator;
  /** The server's public HTTP URL, for the resources' `url`s. */
  baseUrl: () => string;
}

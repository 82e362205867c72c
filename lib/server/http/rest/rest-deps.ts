import type { DomainContext } from '../../domain/context';
import type { Authenticator } from '../api-auth';

/** What the REST routes need. */
export interface RestDeps {
  ctx: DomainContext;
  auth: Authenticator;
  /** The server's public HTTP URL, for the resources' `url`s. */
  baseUrl: () => string;
}

import { ErrorCode } from '../../protocol';
import { type DomainContext, read } from './context';
import { DomainError } from './errors';
import { DEFAULT_ROLES, type RoleRecord } from './permissions';

/** Every role of the service: the defaults first. */
export function listRoles(ctx: DomainContext): Promise<RoleRecord[]> {
  return read(ctx, async () => DEFAULT_ROLES.map((role) => ({ ...role, dateCreated: 0, dateUpdated: 0 })));
}

/** The role with this sid or name, or `NotFound` naming `path`. */
export async function findRole(ctx: DomainContext, sidOrName: string, path?: string): Promise<RoleRecord> {
  const role = (await listRoles(ctx)).find((candidate) => candidate.sid === sidOrName || candidate.friendlyName === sidOrName);
  if (!role) throw new DomainError(ErrorCode.NotFound, `No role '${sidOrName}'`, path);
  return role;
}

import { ErrorCode } from '../../protocol';
import type { RoleRecord } from '../storage/records';
import type { Reader } from '../storage/storage';
import { type DomainContext, read, write } from './context';
import { DomainError } from './errors';
import { DEFAULT_ROLES, type RoleType, defaultRole, isDefaultRole, isPermissionOf } from './permissions';
import { SidPrefix, newSid } from './sids';
import { userIn } from './users';
import { userPayload } from './webhook-events';

/** Every role: the defaults (as edited, if they were), then the service's own, oldest first. */
async function rolesIn(reader: Reader): Promise<RoleRecord[]> {
  const stored = await reader.listRoles();
  const defaults = DEFAULT_ROLES.map(
    (role) => stored.find((s) => s.sid === role.sid) ?? (defaultRole(role.friendlyName) as RoleRecord)
  );
  return [...defaults, ...stored.filter((role) => !isDefaultRole(role.friendlyName))];
}

/** Every role of the service. */
export function listRoles(ctx: DomainContext): Promise<RoleRecord[]> {
  return read(ctx, rolesIn);
}

async function roleIn(reader: Reader, sidOrName: string, path?: string): Promise<RoleRecord> {
  const role = (await rolesIn(reader)).find(
    (candidate) => candidate.sid === sidOrName || candidate.friendlyName === sidOrName
  );
  if (!role) throw new DomainError(ErrorCode.NotFound, `No role '${sidOrName}'`, path);
  return role;
}

/** The role with this sid or name, or `NotFound` naming `path`. */
export function findRole(ctx: DomainContext, sidOrName: string, path?: string): Promise<RoleRecord> {
  return read(ctx, (reader) => roleIn(reader, sidOrName, path));
}

/** Refuses a permission a role of `type` cannot hold, naming it. */
function checkPermissions(type: RoleType, permissions: readonly string[]): void {
  permissions.forEach((permission, i) => {
    if (!isPermissionOf(type, permission)) {
      throw new DomainError(
        ErrorCode.BadRequest,
        `'${permission}' is not a permission of a ${type} role`,
        `args.permissions.${i}`
      );
    }
  });
}

/** Creates a role; its name must be new. */
export function createRole(
  ctx: DomainContext,
  input: { friendlyName: string; type: RoleType; permissions: readonly string[] }
): Promise<RoleRecord> {
  checkPermissions(input.type, input.permissions);
  return ctx.storage.transaction(async (tx) => {
    if ((await rolesIn(tx)).some((role) => role.friendlyName === input.friendlyName)) {
      throw new DomainError(ErrorCode.Conflict, 'A role with that name exists', 'args.friendlyName');
    }
    const now = ctx.now();
    const role: RoleRecord = {
      sid: newSid(SidPrefix.Role),
      friendlyName: input.friendlyName,
      type: input.type,
      permissions: [...new Set(input.permissions)],
      dateCreated: now,
      dateUpdated: now
    };
    await tx.saveRole(role);
    return role;
  });
}

/** Replaces a role's permissions (a default role's too); its holders have the new ones at their next action. */
export function updateRole(ctx: DomainContext, sidOrName: string, permissions: readonly string[]): Promise<RoleRecord> {
  return ctx.storage.transaction(async (tx) => {
    const role = await roleIn(tx, sidOrName);
    checkPermissions(role.type, permissions);
    const next: RoleRecord = { ...role, permissions: [...new Set(permissions)], dateUpdated: ctx.now() };
    await tx.saveRole(next);
    return next;
  });
}

/** Deletes a role of the service's own that nobody holds (`Conflict` otherwise). */
export function deleteRole(ctx: DomainContext, sidOrName: string): Promise<void> {
  return ctx.storage.transaction(async (tx) => {
    const role = await roleIn(tx, sidOrName);
    if (isDefaultRole(role.friendlyName))
      throw new DomainError(ErrorCode.Conflict, 'A default role cannot be removed (its permissions can be changed)');
    if (await tx.roleInUse(role.friendlyName))
      throw new DomainError(ErrorCode.Conflict, 'Participants or users hold this role: give them another first');
    await tx.deleteRole(role.sid);
  });
}

/** Gives a user a service role (created on first sight). */
export function setServiceRole(ctx: DomainContext, identity: string, sidOrName: string): Promise<RoleRecord> {
  return write(ctx, {}, async (changes) => {
    const role = await roleIn(changes.tx, sidOrName, 'args.role');
    if (role.type !== 'service')
      throw new DomainError(ErrorCode.BadRequest, `'${role.friendlyName}' is not a service role`, 'args.role');
    const user = await userIn(changes, identity);
    const next = { ...user, role: role.friendlyName, dateUpdated: changes.now };
    await changes.tx.updateUser(next);
    changes.webhook(null, userPayload('onUserUpdated', next));
    return role;
  });
}

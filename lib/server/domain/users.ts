import { type CommandArgs, type CommandResult, ErrorCode, type UserData } from '../../protocol';
import { DomainError } from './errors';
import type { UserRecord } from '../storage/records';
import type { Reader } from '../storage/storage';
import { type Actor, ensurePermitted } from './access';
import { type Changes, type DomainContext, read, write } from './context';
import { userPayload } from './webhook-events';
import { grantedTo } from './load';
import { newUser, userData } from './views';

/** A user as others see it now: profile, and reachability when enabled. */
export async function viewUser(
  ctx: DomainContext,
  reader: Reader,
  identity: string,
  stored?: UserRecord | null
): Promise<UserData> {
  const user = (stored === undefined ? await reader.getUser(identity) : stored) ?? newUser(identity, 0);
  if (!ctx.reachabilityEnabled) return userData(user, null, null);
  return userData(user, ctx.presence.isOnline(identity), await reader.hasPushRegistration(identity));
}

/** Publishes a user's current state to the sessions subscribed to them (ephemeral). */
export async function publishUser(ctx: DomainContext, identity: string): Promise<void> {
  const user = await read(ctx, (reader) => viewUser(ctx, reader, identity));
  ctx.bus.publish([
    { name: 'userUpdated', conversationSid: null, targetIdentity: null, user: identity, data: { user } }
  ]);
}

/**
 * The user `identity`, created on first sight (with `profile`) in the change's transaction, which
 * then tells post-event webhooks (`onUserAdded`).
 */
export async function userIn(
  changes: Changes,
  identity: string,
  profile: Partial<Pick<UserRecord, 'friendlyName' | 'attributes' | 'role'>> = {}
): Promise<UserRecord> {
  const known = await changes.tx.getUser(identity);
  if (known) return known;
  const user = await changes.tx.ensureUser({ ...newUser(identity, changes.now), ...profile });
  changes.webhook(null, userPayload('onUserAdded', user));
  return user;
}

/** Creates the user on first sight (a read when it is known: no write at every connection). */
export async function ensureUser(ctx: DomainContext, identity: string): Promise<UserRecord> {
  const known = await read(ctx, (reader) => reader.getUser(identity));
  return known ?? write(ctx, {}, (changes) => userIn(changes, identity));
}

/** The current state of users (unknown ones have an empty profile). */
export function getUsers(ctx: DomainContext, identities: readonly string[]): Promise<UserData[]> {
  return read(ctx, async (reader) => {
    const users: UserData[] = [];
    for (const identity of new Set(identities)) users.push(await viewUser(ctx, reader, identity));
    return users;
  });
}

/**
 * Changes a user's profile (one's own: `editOwnUserInfo`; another's: `editAnyUserInfo`), creating
 * the user on first sight; subscribers get `userUpdated`.
 */
export async function updateUser(
  ctx: DomainContext,
  actor: Actor,
  identity: string,
  args: CommandArgs<'updateUser'>
): Promise<CommandResult<'updateUser'>> {
  const user = await write(ctx, {}, async (changes) => {
    const { tx, now } = changes;
    if (actor.kind === 'user') {
      ensurePermitted(
        await grantedTo(tx, actor.identity, null),
        identity === actor.identity ? 'editOwnUserInfo' : 'editAnyUserInfo'
      );
    }
    const current = await userIn(changes, identity);
    const next: UserRecord = {
      ...current,
      friendlyName: args.friendlyName === undefined ? current.friendlyName : args.friendlyName,
      attributes: args.attributes === undefined ? current.attributes : args.attributes,
      dateUpdated: now
    };
    await tx.updateUser(next);
    changes.webhook(null, userPayload('onUserUpdated', next));
    return viewUser(ctx, tx, identity, next);
  });
  ctx.bus.publish([
    { name: 'userUpdated', conversationSid: null, targetIdentity: null, user: identity, data: { user } }
  ]);
  return user;
}

/** Registers a device for push; `isNotifiable` follows. */
export async function setPushRegistration(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'setPushRegistration'>
): Promise<CommandResult<'setPushRegistration'>> {
  const changed = await ctx.storage.transaction(async (tx) => {
    const before = await tx.hasPushRegistration(identity);
    await tx.addPushRegistration({ identity, ...args }, ctx.now());
    return !before;
  });
  if (changed && ctx.reachabilityEnabled) await publishUser(ctx, identity);
  return {};
}

/** Removes push registrations (one, or all of a channel); `isNotifiable` follows. */
export async function removePushRegistration(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'removePushRegistration'>
): Promise<CommandResult<'removePushRegistration'>> {
  const changed = await ctx.storage.transaction(async (tx) => {
    const before = await tx.hasPushRegistration(identity);
    await tx.removePushRegistration(identity, args.channelType, args.registrationId ?? null);
    return before && !(await tx.hasPushRegistration(identity));
  });
  if (changed && ctx.reachabilityEnabled) await publishUser(ctx, identity);
  return {};
}

/** A user known to the service, or `NotFound`. */
export async function fetchUser(ctx: DomainContext, identity: string): Promise<{ record: UserRecord; user: UserData }> {
  return read(ctx, async (reader) => {
    const record = await reader.getUser(identity);
    if (!record) throw new DomainError(ErrorCode.NotFound, 'User not found');
    return { record, user: await viewUser(ctx, reader, identity, record) };
  });
}

/** Creates a user with a profile (a backend); `Conflict` when the identity is known already. */
export async function createUser(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'updateUser'>
): Promise<{ record: UserRecord; user: UserData }> {
  return write(ctx, {}, async (changes) => {
    if (await changes.tx.getUser(identity))
      throw new DomainError(ErrorCode.Conflict, 'A user with that identity exists', 'args.identity');
    const record = await userIn(changes, identity, {
      friendlyName: args.friendlyName ?? null,
      attributes: args.attributes ?? {}
    });
    return { record, user: await viewUser(ctx, changes.tx, identity, record) };
  });
}

import { badArgument } from '../errors';
import type { ModelContext } from '../model/context';

/** `setPushRegistrationId`: registers this device for push notifications on a channel. */
export async function setRegistration(ctx: ModelContext, channelType: unknown, registrationId: unknown): Promise<void> {
  checkChannel('setPushRegistrationId', channelType);
  if (typeof registrationId !== 'string' || !registrationId) {
    throw badArgument('setPushRegistrationId', 'registrationId', 'a non-empty string', registrationId);
  }
  await ctx.command('setPushRegistration', { channelType, registrationId });
}

/** `unsetPushRegistrationId`: removes this user's registrations of a channel. */
export async function unsetRegistration(ctx: ModelContext, channelType: unknown): Promise<void> {
  checkChannel('unsetPushRegistrationId', channelType);
  await ctx.command('removePushRegistration', { channelType });
}

/** `removePushRegistrations`: removes the registrations of one device token. */
export async function removeRegistrations(
  ctx: ModelContext,
  channelType: unknown,
  registrationId: unknown
): Promise<void> {
  checkChannel('removePushRegistrations', channelType);
  if (typeof registrationId !== 'string' || !registrationId) {
    throw badArgument('removePushRegistrations', 'registrationId', 'a non-empty string', registrationId);
  }
  await ctx.command('removePushRegistration', { channelType, registrationId });
}

function checkChannel(method: string, channelType: unknown): asserts channelType is 'fcm' | 'apn' {
  if (channelType !== 'fcm' && channelType !== 'apn')
    throw badArgument(method, 'channelType', "'fcm' or 'apn'", channelType);
}

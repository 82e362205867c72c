/**
 * rx-conversations/push: push notifications — `Client.parsePushNotification`,
 * `handlePushNotification` and the device registrations. Importing it registers the part with the
 * client of `rx-conversations/lean` (`rx-conversations` includes it).
 *
 * @packageDocumentation
 */
import { registerPart } from '../model/parts';
import { parsePushNotification } from './push-notification';
import { removeRegistrations, setRegistration, unsetRegistration } from './registrations';

registerPart('push', {
  parse: parsePushNotification,
  set: setRegistration,
  unset: unsetRegistration,
  remove: removeRegistrations
});

export {
  PushNotification,
  type PushNotificationType,
  type PushNotificationData,
  type PushNotificationDescriptor
} from './push-notification';
export { NotificationTypes } from '../../protocol';

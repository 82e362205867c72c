import * as t from 'io-ts';
import { union, intersection } from './combinators';

/** Push notification types, as the reference SDK names them. */
export const NotificationTypes = {
  TYPING_INDICATOR: 'twilio.ipmsg.typing_indicator',
  NEW_MESSAGE: 'twilio.conversations.new_message',
  ADDED_TO_CONVERSATION: 'twilio.conversations.added_to_conversation',
  REMOVED_FROM_CONVERSATION: 'twilio.conversations.removed_from_conversation',
  CONSUMPTION_UPDATE: 'twilio.channel.consumption_update'
} as const;

/** The types a push notification may carry. */
export const PushNotificationTypeValue = t.keyof({
  'twilio.conversations.new_message': null,
  'twilio.conversations.added_to_conversation': null,
  'twilio.conversations.removed_from_conversation': null
});

const optionalString = union([t.string, t.undefined]);
/** Numbers travel as numbers or as decimal strings (FCM data values are strings). */
const numeric = union([t.number, t.string, t.undefined]);

/** The conversation fields every payload may carry. */
const PushFields = t.partial({
  conversation_sid: t.string,
  conversation_title: t.string,
  message_sid: t.string,
  message_index: numeric,
  media_count: numeric,
  /** A JSON string describing the first media attachment. */
  media: t.string,
  author: t.string
});

/** An APNs payload: `aps` with the alert, plus the conversation fields at the top level. */
export const ApnsPayload = intersection([
  t.type({
    twi_message_type: PushNotificationTypeValue,
    aps: t.partial({
      alert: union([t.string, t.partial({ title: t.string, body: t.string })]),
      sound: optionalString,
      badge: union([t.number, t.undefined]),
      category: optionalString
    })
  }),
  PushFields
]);
/** An APNs payload. */
export type ApnsPayload = t.TypeOf<typeof ApnsPayload>;

/** An FCM payload: every field under `data`, as strings. */
export const FcmPayload = t.type({
  data: intersection([
    t.type({ twi_message_type: PushNotificationTypeValue }),
    t.partial({ twi_title: t.string, twi_body: t.string, twi_sound: t.string, twi_action: t.string }),
    PushFields
  ])
});
/** An FCM payload. */
export type FcmPayload = t.TypeOf<typeof FcmPayload>;

/** What the server's push gateway sends for one notification: the recipient, the channel and both payloads. */
export const PushDelivery = t.type({
  identity: t.string,
  channelType: t.keyof({ apn: null, fcm: null }),
  registrationId: t.string,
  type: PushNotificationTypeValue,
  payload: union([ApnsPayload, FcmPayload])
});
/** What the server's push gateway sends for one notification. */
export type PushDelivery = t.TypeOf<typeof PushDelivery>;

import { ApnsPayload, decode, ErrorCode, FcmPayload } from '../../protocol';
import { ConversationsError } from '../errors';

/** The type of a push notification. */
export type PushNotificationType =
  | 'twilio.conversations.new_message'
  | 'twilio.conversations.added_to_conversation'
  | 'twilio.conversations.removed_from_conversation';

/** What a push notification says about its conversation and message. */
export interface PushNotificationData {
  conversationSid?: string;
  conversationTitle?: string;
  messageSid?: string;
  messageIndex?: number;
  /** The first media attachment's description, as the server sent it. */
  media?: unknown;
  mediaCount?: number;
}

/** The fields of a push notification. */
export interface PushNotificationDescriptor {
  title: string | null;
  body: string | null;
  sound: string | null;
  badge: number | null;
  action: string | null;
  type: PushNotificationType;
  data: PushNotificationData;
}

/** A parsed push notification (APNs or FCM). */
export class PushNotification {
  readonly title: string | null;
  readonly body: string | null;
  readonly sound: string | null;
  /** APNs only. */
  readonly badge: number | null;
  /** FCM `click_action` / APNs `category`. */
  readonly action: string | null;
  readonly type: PushNotificationType;
  readonly data: PushNotificationData;

  constructor(descriptor: PushNotificationDescriptor) {
    this.title = descriptor.title;
    this.body = descriptor.body;
    this.sound = descriptor.sound;
    this.badge = descriptor.badge;
    this.action = descriptor.action;
    this.type = descriptor.type;
    this.data = descriptor.data;
  }
}

const toNumber = (value: number | string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
};

function dataOf(fields: {
  conversation_sid?: string;
  conversation_title?: string;
  message_sid?: string;
  message_index?: number | string;
  media_count?: number | string;
  media?: string;
}): PushNotificationData {
  const data: PushNotificationData = {};
  if (fields.conversation_sid !== undefined) data.conversationSid = fields.conversation_sid;
  if (fields.conversation_title !== undefined) data.conversationTitle = fields.conversation_title;
  if (fields.message_sid !== undefined) data.messageSid = fields.message_sid;
  const index = toNumber(fields.message_index);
  if (index !== undefined) data.messageIndex = index;
  const count = toNumber(fields.media_count);
  if (count !== undefined) data.mediaCount = count;
  if (fields.media !== undefined) {
    try {
      data.media = JSON.parse(fields.media);
    } catch {
      data.media = fields.media;
    }
  }
  return data;
}

/**
 * Parses an APNs or FCM payload with the protocol codecs. Throws a `BadRequest`
 * ConversationsError naming the bad field for anything else.
 */
export function parsePushNotification(payload: unknown): PushNotification {
  if (typeof payload !== 'object' || payload === null) {
    throw new ConversationsError(ErrorCode.BadRequest, 'Provided push notification payload is not an object');
  }
  if ('aps' in payload) {
    const apns = decode(ApnsPayload, payload);
    if (!apns.ok)
      throw new ConversationsError(ErrorCode.BadRequest, `Not a conversations APNs payload: ${apns.message}`, {
        path: apns.path
      });
    const p = apns.value;
    const alert = p.aps.alert;
    return new PushNotification({
      title: typeof alert === 'object' ? (alert.title ?? null) : null,
      body: typeof alert === 'string' ? alert : (alert?.body ?? null),
      sound: p.aps.sound ?? null,
      badge: p.aps.badge ?? null,
      action: p.aps.category ?? null,
      type: p.twi_message_type,
      data: dataOf(p)
    });
  }
  if ('data' in payload) {
    const fcm = decode(FcmPayload, payload);
    if (!fcm.ok)
      throw new ConversationsError(ErrorCode.BadRequest, `Not a conversations FCM payload: ${fcm.message}`, {
        path: fcm.path
      });
    const d = fcm.value.data;
    return new PushNotification({
      title: d.twi_title ?? null,
      body: d.twi_body ?? null,
      sound: d.twi_sound ?? null,
      badge: null,
      action: d.twi_action ?? null,
      type: d.twi_message_type,
      data: dataOf(d)
    });
  }
  throw new ConversationsError(
    ErrorCode.BadRequest,
    'Provided push notification payload is not Programmable Chat notification'
  );
}

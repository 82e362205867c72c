import type { ApnsPayload, FcmPayload, MediaData, PushDelivery } from '../../protocol';
import type { PushRegistration } from '../storage/records';

/** The type of a notification, as the reference names them. */
export type PushType = PushDelivery['type'];

/** What a notification says, before it is shaped for a channel. */
export interface PushContent {
  type: PushType;
  title: string;
  body: string;
  conversationSid: string;
  conversationTitle: string;
  messageSid?: string;
  messageIndex?: number;
  author?: string;
  media?: readonly MediaData[];
}

/** Longest notification body, in characters. */
export const MAX_PUSH_BODY = 178;

const cut = (text: string) => (text.length > MAX_PUSH_BODY ? `${text.slice(0, MAX_PUSH_BODY - 1)}…` : text);

/** The conversation fields both channels carry (FCM wants strings). */
function fields(content: PushContent) {
  const first = content.media?.[0];
  return {
    conversation_sid: content.conversationSid,
    conversation_title: content.conversationTitle,
    ...(content.messageSid === undefined ? {} : { message_sid: content.messageSid }),
    ...(content.messageIndex === undefined ? {} : { message_index: String(content.messageIndex) }),
    ...(content.author === undefined ? {} : { author: content.author }),
    ...(content.media && content.media.length > 0 ? { media_count: String(content.media.length) } : {}),
    ...(first
      ? {
          media: JSON.stringify({
            sid: first.sid,
            filename: first.filename,
            content_type: first.contentType,
            size: first.size
          })
        }
      : {})
  };
}

/** The delivery of `content` to one device, in its channel's payload shape. */
export function pushDelivery(registration: PushRegistration, content: PushContent): PushDelivery {
  const title = cut(content.title);
  const body = cut(content.body);
  const payload: ApnsPayload | FcmPayload =
    registration.channelType === 'apn'
      ? { twi_message_type: content.type, aps: { alert: { title, body }, sound: 'default' }, ...fields(content) }
      : {
          data: {
            twi_message_type: content.type,
            twi_title: title,
            twi_body: body,
            twi_sound: 'default',
            ...fields(content)
          }
        };
  return {
    identity: registration.identity,
    channelType: registration.channelType,
    registrationId: registration.registrationId,
    type: content.type,
    payload
  };
}

/** What a new message's notification says: `author: body`, or the number of files. */
export function messageText(author: string | null, body: string | null, mediaCount: number): string {
  const what =
    body && body.length > 0
      ? body
      : mediaCount > 0
        ? `sent ${mediaCount === 1 ? 'a file' : `${mediaCount} files`}`
        : 'sent a message';
  return author ? `${author}: ${what}` : what;
}

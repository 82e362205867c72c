import type { DeliveryReceiptData, MessageData, ParticipantData } from '../../protocol';
import { deliveredOf, isAuthor, readOf } from '../store/receipt-counter';
import type { DeliveryStatus } from '../types';

let makeDetailedDeliveryReceipt: (data: DeliveryReceiptData, messageDateCreated: number) => DetailedDeliveryReceipt;

/** One participant's receipt for one message, from `message.getDetailedDeliveryReceipts()`. */
export class DetailedDeliveryReceipt {
  /** `DY...`: made of the message and participant sids. */
  readonly sid: string;
  readonly messageSid: string;
  readonly conversationSid: string;
  readonly participantSid: string;
  /** Chat messages travel on no other channel: the message's own sid. */
  readonly channelMessageSid: string;
  /** `read`, `delivered` or `sent`. */
  readonly status: DeliveryStatus;
  /** Chat delivery has no error codes: always 0. */
  readonly errorCode: string | 0;
  /** ISO 8601, as in the reference: when the message was sent. */
  readonly dateCreated: string;
  /**
   * ISO 8601: when the participant's horizon last moved (at or after it reached the message); the creation date for
   * `sent`.
   */
  readonly dateUpdated: string;
  /** The participant's identity (not in the reference). */
  readonly identity: string | null;

  private constructor(data: DeliveryReceiptData, messageDateCreated: number) {
    this.sid = `DY${data.messageSid.slice(2, 18)}${data.participantSid.slice(2, 18)}`;
    this.messageSid = data.messageSid;
    this.conversationSid = data.conversationSid;
    this.participantSid = data.participantSid;
    this.channelMessageSid = data.messageSid;
    this.status = data.status;
    this.errorCode = 0;
    this.dateCreated = new Date(messageDateCreated).toISOString();
    this.dateUpdated = new Date(data.dateUpdated ?? messageDateCreated).toISOString();
    this.identity = data.identity;
    Object.freeze(this);
  }

  static {
    makeDetailedDeliveryReceipt = (data, messageDateCreated) => new DetailedDeliveryReceipt(data, messageDateCreated);
  }
}

/**
 * Every other participant's receipt for `message`, in the order given: `read`, `delivered` or
 * `sent`, from the horizons the client holds (the author's own is left out).
 */
export function detailedDeliveryReceipts(
  message: MessageData,
  participants: readonly ParticipantData[]
): DetailedDeliveryReceipt[] {
  const receipts: DetailedDeliveryReceipt[] = [];
  for (const p of participants) {
    if (isAuthor(p, message)) continue;
    const read = readOf(p) >= message.index;
    const delivered = deliveredOf(p) >= message.index;
    const data: DeliveryReceiptData = {
      participantSid: p.sid,
      identity: p.identity,
      messageSid: message.sid,
      conversationSid: message.conversationSid,
      status: read ? 'read' : delivered ? 'delivered' : 'sent',
      dateUpdated: read ? p.lastReadTimestamp : null
    };
    receipts.push(makeDetailedDeliveryReceipt(data, message.dateCreated));
  }
  return receipts;
}

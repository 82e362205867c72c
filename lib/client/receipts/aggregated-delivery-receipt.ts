import type { MessageReceipt } from '../store/receipt-counter';
import type { DeliveryAmount } from '../types';

/** The counts a receipt is made of: the other participants, and how many got / read the message. */
export type ReceiptCounts = MessageReceipt;

/** `none`, `some` or `all` of `total`. */
export function amountOf(count: number, total: number): DeliveryAmount {
  if (count <= 0 || total <= 0) return 'none';
  return count >= total ? 'all' : 'some';
}

let makeAggregatedDeliveryReceipt: (counts: ReceiptCounts) => AggregatedDeliveryReceipt;

/**
 * How far a message got among the conversation's other chat participants, kept live: `sent` is
 * `all` (the server has it, so every participant is sent it), `delivered` counts those whose
 * client received it (their delivery horizon, or their read horizon, passed it), `read` those
 * whose read horizon passed it. `undelivered` and `failed` are `none`: chat delivery has no
 * failure state. The reference gives these for SMS/WhatsApp recipients only.
 */
export class AggregatedDeliveryReceipt {
  /** The other chat participants: the most delivery events expected. */
  readonly total: number;
  readonly sent: DeliveryAmount;
  readonly delivered: DeliveryAmount;
  readonly read: DeliveryAmount;
  readonly undelivered: DeliveryAmount;
  readonly failed: DeliveryAmount;
  /** How many received it (not in the reference). */
  readonly deliveredCount: number;
  /** How many read it (not in the reference). */
  readonly readCount: number;

  private constructor(counts: ReceiptCounts) {
    this.total = counts.total;
    this.sent = counts.total > 0 ? 'all' : 'none';
    this.delivered = amountOf(counts.delivered, counts.total);
    this.read = amountOf(counts.read, counts.total);
    this.undelivered = 'none';
    this.failed = 'none';
    this.deliveredCount = counts.delivered;
    this.readCount = counts.read;
    Object.freeze(this);
  }

  static {
    makeAggregatedDeliveryReceipt = (counts) => new AggregatedDeliveryReceipt(counts);
  }
}

/**
 * A message's aggregated receipt from its counts: `last` (the one made before) while they are
 * the same, so that the property reads the same object until something changes.
 */
export function aggregatedDeliveryReceipt(
  counts: ReceiptCounts,
  last: AggregatedDeliveryReceipt | null
): AggregatedDeliveryReceipt {
  if (
    last !== null &&
    last.total === counts.total &&
    last.deliveredCount === counts.delivered &&
    last.readCount === counts.read
  )
    return last;
  return makeAggregatedDeliveryReceipt(counts);
}

/**
 * rx-conversations/receipts: the reference's receipt objects — `message.aggregatedDeliveryReceipt`
 * (null without this part), `message.getDetailedDeliveryReceipts()` and the `messageUpdated` events
 * of reason `deliveryReceipt`. The counts themselves are in the store without it
 * (`selectMessageReceipt`). Importing it registers the part with the client of
 * `rx-conversations/lean` (`rx-conversations` includes it).
 *
 * @packageDocumentation
 */
import { ReceiptWatcher } from '../events/receipt-watcher';
import { registerPart } from '../model/parts';
import { aggregatedDeliveryReceipt } from './aggregated-delivery-receipt';
import { detailedDeliveryReceipts } from './detailed-delivery-receipt';

registerPart('receipts', {
  aggregated: aggregatedDeliveryReceipt,
  detailed: detailedDeliveryReceipts,
  watcher: () => new ReceiptWatcher()
});

export { AggregatedDeliveryReceipt } from './aggregated-delivery-receipt';
export { DetailedDeliveryReceipt } from './detailed-delivery-receipt';

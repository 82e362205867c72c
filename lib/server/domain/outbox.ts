import { randomBytes } from 'node:crypto';
import type { NewOutboxRecord } from '../storage/records';
import type { Tx } from '../storage/storage';
import type { WebhookCall } from './webhook-events';

/** A new stable id of a webhook call (`webhook-id`): receivers drop a call they saw by it. */
export function newMessageId(): string {
  return `msg_${randomBytes(16).toString('hex')}`;
}

/** Calls of one webhook about one conversation go out one after another, in the order written. */
export function orderingKey(webhookSid: string, conversationSid: string | null): string {
  return `${webhookSid}:${conversationSid ?? ''}`;
}

/** The post-event webhooks a conversation's calls go to (the service's and the conversation's own), by conversation. */
export type WebhookLookups = Map<string | null, ReturnType<Tx['postWebhooksFor']>>;

/**
 * Writes the post-event webhook calls of a transaction to the outbox, in that transaction: one
 * per call and webhook listening for its event (the service's, and the conversation's own).
 * `lookups` holds the webhooks already asked for (see {@link Changes.webhook}). Answers whether any
 * was written.
 */
export async function enqueueWebhookCalls(
  tx: Tx,
  calls: readonly WebhookCall[],
  now: number,
  lookups: WebhookLookups = new Map()
): Promise<boolean> {
  const records: NewOutboxRecord[] = [];
  for (const call of calls) {
    let lookup = lookups.get(call.conversationSid);
    if (!lookup) lookups.set(call.conversationSid, (lookup = tx.postWebhooksFor(call.conversationSid)));
    for (const hook of await lookup) {
      if (!hook.filters.includes(call.eventType)) continue;
      records.push({
        messageId: newMessageId(),
        webhookSid: hook.sid,
        url: hook.url,
        method: hook.method,
        orderingKey: orderingKey(hook.sid, call.conversationSid),
        eventType: call.eventType,
        payload: JSON.stringify(call.payload),
        createdAt: now,
        nextAttemptAt: now
      });
    }
  }
  if (records.length > 0) await tx.insertOutbox(records);
  return records.length > 0;
}

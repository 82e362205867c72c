import type { DeliveryRecord, NewOutboxRecord, OutboxRecord, WebhookRecord } from '../records';
import { json } from './json';

// The rows of webhooks, their outbox and their delivery log.

/** Columns of `webhooks`. */
export interface WebhookRow {
  sid: string;
  conversation_sid: string | null;
  kind: string;
  url: string;
  method: string;
  filters: string;
  failure_policy: string;
  timeout_ms: number;
  date_created: number;
  date_updated: number;
}

/** Row → record. */
export function webhookFromRow(row: WebhookRow): WebhookRecord {
  return {
    sid: row.sid,
    conversationSid: row.conversation_sid,
    kind: row.kind === 'pre' ? 'pre' : 'post',
    url: row.url,
    method: row.method,
    filters: json<string[]>(row.filters),
    failurePolicy: row.failure_policy === 'refuse' ? 'refuse' : 'allow',
    timeoutMs: row.timeout_ms,
    dateCreated: row.date_created,
    dateUpdated: row.date_updated
  };
}

/** Record → named parameters. */
export function webhookToRow(record: WebhookRecord): WebhookRow {
  return {
    sid: record.sid,
    conversation_sid: record.conversationSid,
    kind: record.kind,
    url: record.url,
    method: record.method,
    filters: JSON.stringify(record.filters),
    failure_policy: record.failurePolicy,
    timeout_ms: record.timeoutMs,
    date_created: record.dateCreated,
    date_updated: record.dateUpdated
  };
}

/** Columns of `webhook_outbox`. */
export interface OutboxRow {
  id: number;
  message_id: string;
  webhook_sid: string;
  url: string;
  method: string;
  ordering_key: string;
  event_type: string;
  payload: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
}

/** Row → record. */
export function outboxFromRow(row: OutboxRow): OutboxRecord {
  return {
    id: row.id,
    messageId: row.message_id,
    webhookSid: row.webhook_sid,
    url: row.url,
    method: row.method,
    orderingKey: row.ordering_key,
    eventType: row.event_type,
    payload: row.payload,
    createdAt: row.created_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at
  };
}

/** New entry → named parameters. */
export function outboxToRow(record: NewOutboxRecord): Omit<OutboxRow, 'id' | 'attempts'> {
  return {
    message_id: record.messageId,
    webhook_sid: record.webhookSid,
    url: record.url,
    method: record.method,
    ordering_key: record.orderingKey,
    event_type: record.eventType,
    payload: record.payload,
    created_at: record.createdAt,
    next_attempt_at: record.nextAttemptAt
  };
}

/** Columns of `webhook_deliveries`. */
export interface DeliveryRow {
  id: number;
  message_id: string;
  webhook_sid: string;
  event_type: string;
  attempt: number;
  outcome: string;
  status: number | null;
  error: string | null;
  duration_ms: number;
  created_at: number;
}

/** Row → record. */
export function deliveryFromRow(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    messageId: row.message_id,
    webhookSid: row.webhook_sid,
    eventType: row.event_type,
    attempt: row.attempt,
    outcome: row.outcome === 'delivered' ? 'delivered' : row.outcome === 'dropped' ? 'dropped' : 'failed',
    status: row.status,
    error: row.error,
    durationMs: row.duration_ms,
    createdAt: row.created_at
  };
}

/** New entry → named parameters. */
export function deliveryToRow(record: Omit<DeliveryRecord, 'id'>): Omit<DeliveryRow, 'id'> {
  return {
    message_id: record.messageId,
    webhook_sid: record.webhookSid,
    event_type: record.eventType,
    attempt: record.attempt,
    outcome: record.outcome,
    status: record.status,
    error: record.error,
    duration_ms: record.durationMs,
    created_at: record.createdAt
  };
}

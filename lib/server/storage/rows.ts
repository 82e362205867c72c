import type { JSONValue } from '../../protocol';
import type {
  ApiKeyRecord,
  ConversationRecord,
  DeliveryRecord,
  EventRecord,
  NewOutboxRecord,
  OutboxRecord,
  RoleRecord,
  WebhookRecord,
  MediaRecord,
  MessageRecord,
  ParticipantRecord,
  PushRegistration,
  TemplateRecord,
  UserRecord
} from './records';

/** Columns of `conversations`. */
export interface ConversationRow {
  sid: string;
  unique_name: string | null;
  friendly_name: string | null;
  attributes: string;
  created_by: string;
  is_private: number;
  date_created: number;
  date_updated: number;
  state: string;
  state_updated: number;
  last_message: string | null;
  messages_count: number;
  participants_count: number;
  next_message_index: number;
  last_activity: number;
}

/** Columns of `participants`. */
export interface ParticipantRow {
  sid: string;
  conversation_sid: string;
  identity: string;
  type: string;
  role: string;
  attributes: string;
  date_created: number;
  date_updated: number;
  last_read_index: number | null;
  last_read_timestamp: number | null;
  last_delivered_index: number | null;
  notification_level: string;
  last_delivered_timestamp: number | null;
}

/** Columns of `messages`. */
export interface MessageRow {
  sid: string;
  conversation_sid: string;
  idx: number;
  author: string | null;
  participant_sid: string | null;
  body: string | null;
  attributes: string;
  type: string;
  media: string;
  content_sid: string | null;
  date_created: number;
  date_updated: number;
  last_updated_by: string | null;
  key: string | null;
  content_variables: string | null;
  reactions: string | null;
  reply_to: string | null;
  mentions: string | null;
}

/** Columns of `users`. */
export interface UserRow {
  identity: string;
  friendly_name: string | null;
  attributes: string;
  date_created: number;
  date_updated: number;
  role: string | null;
}

/** Columns of `events`. */
export interface EventRow {
  seq: number;
  name: string;
  conversation_sid: string | null;
  target_identity: string | null;
  data: string;
  created_at: number;
}

// Text columns below were written by this module from values the protocol codecs had already
// checked, so parsing them back is a decoded boundary.
function json<T = JSONValue>(text: string): T {
  return JSON.parse(text) as T;
}

/** Row → record. */
export function conversationFromRow(row: ConversationRow): ConversationRecord {
  return {
    sid: row.sid,
    uniqueName: row.unique_name,
    friendlyName: row.friendly_name,
    attributes: json(row.attributes),
    createdBy: row.created_by,
    isPrivate: row.is_private === 1,
    dateCreated: row.date_created,
    dateUpdated: row.date_updated,
    state: { current: row.state as ConversationRecord['state']['current'], dateUpdated: row.state_updated },
    lastMessage: row.last_message === null ? null : json<ConversationRecord['lastMessage']>(row.last_message),
    messagesCount: row.messages_count,
    participantsCount: row.participants_count,
    nextMessageIndex: row.next_message_index,
    lastActivity: row.last_activity
  };
}

/** Record → row. */
export function conversationToRow(record: ConversationRecord): ConversationRow {
  return {
    sid: record.sid,
    unique_name: record.uniqueName,
    friendly_name: record.friendlyName,
    attributes: JSON.stringify(record.attributes),
    created_by: record.createdBy,
    is_private: record.isPrivate ? 1 : 0,
    date_created: record.dateCreated,
    date_updated: record.dateUpdated,
    state: record.state.current,
    state_updated: record.state.dateUpdated,
    last_message: record.lastMessage === null ? null : JSON.stringify(record.lastMessage),
    messages_count: record.messagesCount,
    participants_count: record.participantsCount,
    next_message_index: record.nextMessageIndex,
    last_activity: record.lastActivity
  };
}

/** Row → record. */
export function participantFromRow(row: ParticipantRow): ParticipantRecord {
  return {
    sid: row.sid,
    conversationSid: row.conversation_sid,
    identity: row.identity,
    type: row.type,
    role: row.role,
    attributes: json(row.attributes),
    dateCreated: row.date_created,
    dateUpdated: row.date_updated,
    lastReadMessageIndex: row.last_read_index,
    lastReadTimestamp: row.last_read_timestamp,
    lastDeliveredMessageIndex: row.last_delivered_index,
    notificationLevel: row.notification_level as ParticipantRecord['notificationLevel'],
    lastDeliveredTimestamp: row.last_delivered_timestamp
  };
}

/** Record → row. */
export function participantToRow(record: ParticipantRecord): ParticipantRow {
  return {
    sid: record.sid,
    conversation_sid: record.conversationSid,
    identity: record.identity,
    type: record.type,
    role: record.role,
    attributes: JSON.stringify(record.attributes),
    date_created: record.dateCreated,
    date_updated: record.dateUpdated,
    last_read_index: record.lastReadMessageIndex,
    last_read_timestamp: record.lastReadTimestamp,
    last_delivered_index: record.lastDeliveredMessageIndex,
    notification_level: record.notificationLevel,
    last_delivered_timestamp: record.lastDeliveredTimestamp
  };
}

/** Row → record. */
export function messageFromRow(row: MessageRow): MessageRecord {
  return {
    sid: row.sid,
    conversationSid: row.conversation_sid,
    index: row.idx,
    author: row.author,
    participantSid: row.participant_sid,
    body: row.body,
    attributes: json(row.attributes),
    type: row.type as MessageRecord['type'],
    media: json<MessageRecord['media']>(row.media),
    contentSid: row.content_sid,
    dateCreated: row.date_created,
    dateUpdated: row.date_updated,
    lastUpdatedBy: row.last_updated_by,
    key: row.key,
    ...(row.content_variables === null
      ? {}
      : { contentVariables: json<Record<string, string>>(row.content_variables) }),
    ...(row.reactions === null ? {} : { reactions: json<NonNullable<MessageRecord['reactions']>>(row.reactions) }),
    ...(row.reply_to === null ? {} : { replyTo: json<NonNullable<MessageRecord['replyTo']>>(row.reply_to) }),
    ...(row.mentions === null ? {} : { mentions: json<string[]>(row.mentions) })
  };
}

/** Record → row. */
export function messageToRow(record: MessageRecord): MessageRow {
  return {
    sid: record.sid,
    conversation_sid: record.conversationSid,
    idx: record.index,
    author: record.author,
    participant_sid: record.participantSid,
    body: record.body,
    attributes: JSON.stringify(record.attributes),
    type: record.type,
    media: JSON.stringify(record.media),
    content_sid: record.contentSid,
    date_created: record.dateCreated,
    date_updated: record.dateUpdated,
    last_updated_by: record.lastUpdatedBy,
    key: record.key,
    content_variables: record.contentVariables === undefined ? null : JSON.stringify(record.contentVariables),
    reactions:
      record.reactions === undefined || record.reactions.length === 0 ? null : JSON.stringify(record.reactions),
    reply_to: record.replyTo === undefined ? null : JSON.stringify(record.replyTo),
    mentions: record.mentions === undefined || record.mentions.length === 0 ? null : JSON.stringify(record.mentions)
  };
}

/** Row → record. */
export function userFromRow(row: UserRow): UserRecord {
  return {
    identity: row.identity,
    friendlyName: row.friendly_name,
    attributes: json(row.attributes),
    role: row.role,
    dateCreated: row.date_created,
    dateUpdated: row.date_updated
  };
}

/** Record → row. */
export function userToRow(record: UserRecord): UserRow {
  return {
    identity: record.identity,
    friendly_name: record.friendlyName,
    attributes: JSON.stringify(record.attributes),
    date_created: record.dateCreated,
    date_updated: record.dateUpdated,
    role: record.role
  };
}

/** Row → record. */
export function eventFromRow(row: EventRow): EventRecord {
  return {
    seq: row.seq,
    name: row.name,
    conversationSid: row.conversation_sid,
    targetIdentity: row.target_identity,
    data: json(row.data),
    createdAt: row.created_at
  };
}

/** Columns of `media`. */
export interface MediaRow {
  sid: string;
  identity: string;
  filename: string | null;
  content_type: string;
  size: number;
  category: string;
  conversation_sid: string | null;
  message_sid: string | null;
  date_created: number;
}

/** Row → record. */
export function mediaFromRow(row: MediaRow): MediaRecord {
  return {
    sid: row.sid,
    identity: row.identity,
    filename: row.filename,
    contentType: row.content_type,
    size: row.size,
    category: row.category as MediaRecord['category'],
    conversationSid: row.conversation_sid,
    messageSid: row.message_sid,
    dateCreated: row.date_created
  };
}

/** Record → row. */
export function mediaToRow(record: MediaRecord): MediaRow {
  return {
    sid: record.sid,
    identity: record.identity,
    filename: record.filename,
    content_type: record.contentType,
    size: record.size,
    category: record.category,
    conversation_sid: record.conversationSid,
    message_sid: record.messageSid,
    date_created: record.dateCreated
  };
}

/** Columns of `templates`. */
export interface TemplateRow {
  sid: string;
  friendly_name: string;
  variables: string;
  variants: string;
  date_created: number;
  date_updated: number;
}

/** Row → record. */
export function templateFromRow(row: TemplateRow): TemplateRecord {
  return {
    sid: row.sid,
    friendlyName: row.friendly_name,
    variables: json<TemplateRecord['variables']>(row.variables),
    variants: json<TemplateRecord['variants']>(row.variants),
    dateCreated: row.date_created,
    dateUpdated: row.date_updated
  };
}

/** Record → row. */
export function templateToRow(record: TemplateRecord): TemplateRow {
  return {
    sid: record.sid,
    friendly_name: record.friendlyName,
    variables: JSON.stringify(record.variables),
    variants: JSON.stringify(record.variants),
    date_created: record.dateCreated,
    date_updated: record.dateUpdated
  };
}

/** Columns of `push_registrations` that identify one. */
export interface PushRow {
  identity: string;
  channel_type: string;
  registration_id: string;
}

/** Row → registration. */
export function pushFromRow(row: PushRow): PushRegistration {
  return {
    identity: row.identity,
    channelType: row.channel_type as PushRegistration['channelType'],
    registrationId: row.registration_id
  };
}

/** Columns of `roles`. */
export interface RoleRow {
  sid: string;
  friendly_name: string;
  type: string;
  permissions: string;
  date_created: number;
  date_updated: number;
}

/** Row → record. */
export function roleFromRow(row: RoleRow): RoleRecord {
  return {
    sid: row.sid,
    friendlyName: row.friendly_name,
    type: row.type === 'service' ? 'service' : 'conversation',
    permissions: json<string[]>(row.permissions),
    dateCreated: row.date_created,
    dateUpdated: row.date_updated
  };
}

/** Record → named parameters. */
export function roleToRow(record: RoleRecord): RoleRow {
  return {
    sid: record.sid,
    friendly_name: record.friendlyName,
    type: record.type,
    permissions: JSON.stringify(record.permissions),
    date_created: record.dateCreated,
    date_updated: record.dateUpdated
  };
}

/** Columns of `api_keys`. */
export interface ApiKeyRow {
  sid: string;
  friendly_name: string;
  secret_hash: string;
  scopes: string;
  date_created: number;
}

/** Row → record. */
export function apiKeyFromRow(row: ApiKeyRow): ApiKeyRecord {
  return {
    sid: row.sid,
    friendlyName: row.friendly_name,
    secretHash: row.secret_hash,
    scopes: json<string[]>(row.scopes),
    dateCreated: row.date_created
  };
}

/** Record → named parameters. */
export function apiKeyToRow(record: ApiKeyRecord): ApiKeyRow {
  return {
    sid: record.sid,
    friendly_name: record.friendlyName,
    secret_hash: record.secretHash,
    scopes: JSON.stringify(record.scopes),
    date_created: record.dateCreated
  };
}

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

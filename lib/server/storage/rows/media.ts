import type { MediaRecord, PushRegistration, TemplateRecord } from '../records';
import { json } from './json';

// The rows of media, content templates and push registrations.

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

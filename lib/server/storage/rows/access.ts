import type { ApiKeyRecord, RoleRecord } from '../records';
import { json } from './json';

// The rows of roles and API keys.

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

/**
 * The columns of each table of the repository (one schema for both engines, see schema-versions.ts)
 * and the SQL made from them: inserts, updates and joined columns, bound in column order.
 */

/** Columns of each table, in the order rows are written and statements bind them. */
export const COLUMNS = {
  conversations: [
    'sid',
    'unique_name',
    'friendly_name',
    'attributes',
    'created_by',
    'is_private',
    'date_created',
    'date_updated',
    'state',
    'state_updated',
    'last_message',
    'messages_count',
    'participants_count',
    'next_message_index',
    'last_activity'
  ],
  participants: [
    'sid',
    'conversation_sid',
    'identity',
    'type',
    'role',
    'attributes',
    'date_created',
    'date_updated',
    'last_read_index',
    'last_read_timestamp',
    'last_delivered_index',
    'notification_level',
    'last_delivered_timestamp'
  ],
  messages: [
    'sid',
    'conversation_sid',
    'idx',
    'author',
    'participant_sid',
    'body',
    'attributes',
    'type',
    'media',
    'content_sid',
    'date_created',
    'date_updated',
    'last_updated_by',
    'key',
    'content_variables',
    'reactions',
    'reply_to',
    'mentions'
  ],
  media: [
    'sid',
    'identity',
    'filename',
    'content_type',
    'size',
    'category',
    'conversation_sid',
    'message_sid',
    'date_created'
  ],
  templates: ['sid', 'friendly_name', 'variables', 'variants', 'date_created', 'date_updated'],
  users: ['identity', 'friendly_name', 'attributes', 'date_created', 'date_updated', 'role'],
  roles: ['sid', 'friendly_name', 'type', 'permissions', 'date_created', 'date_updated'],
  api_keys: ['sid', 'friendly_name', 'secret_hash', 'scopes', 'date_created'],
  webhooks: [
    'sid',
    'conversation_sid',
    'kind',
    'url',
    'method',
    'filters',
    'failure_policy',
    'timeout_ms',
    'date_created',
    'date_updated'
  ],
  // the columns written: `id` is the engine's, `attempts` and the lease start at their defaults
  webhook_outbox: [
    'message_id',
    'webhook_sid',
    'url',
    'method',
    'ordering_key',
    'event_type',
    'payload',
    'created_at',
    'next_attempt_at'
  ],
  webhook_deliveries: [
    'message_id',
    'webhook_sid',
    'event_type',
    'attempt',
    'outcome',
    'status',
    'error',
    'duration_ms',
    'created_at'
  ]
} as const;

/** A table of the schema. */
export type Table = keyof typeof COLUMNS;

/** A row object's values in {@link COLUMNS} order: the parameters of {@link insertSql} and {@link updateSql}. */
export function values(table: Table, row: object): unknown[] {
  const record = row as Record<string, unknown>;
  return COLUMNS[table].map((column) => record[column]);
}

/** The columns of `table` from a row of the conversation list, without their alias prefix. */
export function unprefix<T>(row: Record<string, unknown>, table: Table, alias: string): T {
  const out: Record<string, unknown> = {};
  for (const column of COLUMNS[table]) out[column] = row[`${alias}_${column}`];
  return out as T;
}

/** `INSERT` of every column of `table`, bound in {@link COLUMNS} order from `$first`. */
export const insertSql = (table: Table, first = 1) => {
  const placeholders = COLUMNS[table].map((_, i) => `$${i + first}`);
  return `INSERT INTO ${table} (${COLUMNS[table].join(', ')}) VALUES (${placeholders.join(', ')})`;
};

/** `UPDATE` of every column but the key (the first column), bound in {@link COLUMNS} order from `$first`. */
export const updateSql = (table: Table, first = 1) => {
  const [key, ...rest] = COLUMNS[table];
  return `UPDATE ${table} SET ${rest.map((c, i) => `${c} = $${i + first + 1}`).join(', ')} WHERE ${key} = $${first}`;
};

/** The columns of `table` under `alias`, each renamed `<alias>_<column>`, for a joined row. */
export const prefixed = (table: Table, alias: string) =>
  COLUMNS[table].map((c) => `${alias}.${c} AS ${alias}_${c}`).join(', ');

import type { ClientBase } from 'pg';
import type {
  ApiKeyRecord,
  ConversationRecord,
  DeliveryRecord,
  NewOutboxRecord,
  OutboxRecord,
  RoleRecord,
  WebhookRecord,
  EventRecord,
  ListPosition,
  MediaRecord,
  MediaScope,
  MessageRecord,
  NewEvent,
  ParticipantRecord,
  PushRegistration,
  TemplateRecord,
  UserConversationRecord,
  UserRecord
} from '../records';
import type { Reader, Tx } from '../storage';
// The row types and their mapping to records are engine-neutral (plain named columns).
import {
  type ApiKeyRow,
  type DeliveryRow,
  type OutboxRow,
  type RoleRow,
  type WebhookRow,
  apiKeyFromRow,
  apiKeyToRow,
  deliveryFromRow,
  deliveryToRow,
  outboxFromRow,
  outboxToRow,
  roleFromRow,
  roleToRow,
  webhookFromRow,
  webhookToRow,
  type ConversationRow,
  type EventRow,
  type MediaRow,
  type MessageRow,
  type ParticipantRow,
  type PushRow,
  type TemplateRow,
  type UserRow,
  conversationFromRow,
  conversationToRow,
  eventFromRow,
  mediaFromRow,
  mediaToRow,
  messageFromRow,
  messageToRow,
  participantFromRow,
  participantToRow,
  pushFromRow,
  templateFromRow,
  templateToRow,
  userFromRow,
  userToRow
} from '../sqlite/rows';
import { MESSAGES, dueOutboxHeadsSql, unprefix } from '../shared-sql';
import { APPEND_EVENT, EVENTS_VISIBLE, USER_CONVERSATIONS, insertSql, updateSql, values } from './sql';


/** Every statement, by name: each is prepared once per connection. */
const SQL = {
  head: `SELECT head FROM event_log`,
  prunedThrough: `SELECT value FROM meta WHERE key = 'pruned_through'`,
  setPrunedThrough: `INSERT INTO meta (key, value) VALUES ('pruned_through', $1)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  eventsVisible: EVENTS_VISIBLE,
  eventsAfter: `SELECT seq, name, conversation_sid, target_identity, data, created_at FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`,
  appendEvent: APPEND_EVENT,
  lastEventBefore: `SELECT MAX(seq) AS seq FROM events WHERE created_at < $1`,
  pruneEvents: `DELETE FROM events WHERE seq <= $1`,
  pruneMemberships: `DELETE FROM memberships WHERE left_seq IS NOT NULL AND left_seq <= $1`,
  getConversation: `SELECT * FROM conversations WHERE sid = $1`,
  lockConversation: `SELECT * FROM conversations WHERE sid = $1 FOR UPDATE`,
  getConversationByUniqueName: `SELECT * FROM conversations WHERE unique_name = $1`,
  listConversations: `SELECT * FROM conversations WHERE $1::bigint IS NULL OR (last_activity, sid) < ($1::bigint, $2::text)
                      ORDER BY last_activity DESC, sid DESC LIMIT $3`,
  insertConversation: insertSql('conversations'),
  updateConversation: updateSql('conversations'),
  deleteConversation: `DELETE FROM conversations WHERE sid = $1`,
  deleteConversationParticipants: `DELETE FROM participants WHERE conversation_sid = $1`,
  deleteConversationMessages: `DELETE FROM messages WHERE conversation_sid = $1`,
  getParticipant: `SELECT * FROM participants WHERE conversation_sid = $1 AND identity = $2`,
  getParticipantBySid: `SELECT * FROM participants WHERE conversation_sid = $1 AND sid = $2`,
  listParticipants: `SELECT * FROM participants WHERE conversation_sid = $1 ORDER BY date_created, sid`,
  conversationSidsOf: `SELECT conversation_sid FROM participants WHERE identity = $1`,
  userConversations: USER_CONVERSATIONS,
  insertParticipant: insertSql('participants'),
  updateParticipant: updateSql('participants'),
  deleteParticipant: `DELETE FROM participants WHERE sid = $1`,
  openMembership: `INSERT INTO memberships (conversation_sid, identity, joined_seq) VALUES ($1, $2, $3)`,
  closeMembership: `UPDATE memberships SET left_seq = $1 WHERE conversation_sid = $2 AND identity = $3 AND left_seq IS NULL`,
  closeAllMemberships: `UPDATE memberships SET left_seq = $1 WHERE conversation_sid = $2 AND left_seq IS NULL`,
  getMessage: `${MESSAGES} WHERE conversation_sid = $1 AND sid = $2`,
  getMessageByKey: `${MESSAGES} WHERE conversation_sid = $1 AND author = $2 AND key = $3`,
  messagesDescending: `${MESSAGES} WHERE conversation_sid = $1 AND ($2::int IS NULL OR idx <= $2::int) ORDER BY idx DESC LIMIT $3`,
  messagesAscending: `${MESSAGES} WHERE conversation_sid = $1 AND ($2::int IS NULL OR idx >= $2::int) ORDER BY idx ASC LIMIT $3`,
  hasMessageBefore: `SELECT 1 FROM messages WHERE conversation_sid = $1 AND idx < $2 LIMIT 1`,
  hasMessageAfter: `SELECT 1 FROM messages WHERE conversation_sid = $1 AND idx > $2 LIMIT 1`,
  countMessagesAfter: `SELECT COUNT(*) AS n FROM messages WHERE conversation_sid = $1 AND idx > $2`,
  lastMessage: `${MESSAGES} WHERE conversation_sid = $1 ORDER BY idx DESC LIMIT 1`,
  insertMessage: insertSql('messages'),
  updateMessage: updateSql('messages'),
  deleteMessage: `DELETE FROM messages WHERE sid = $1`,
  getUser: `SELECT * FROM users WHERE identity = $1`,
  lockUser: `SELECT * FROM users WHERE identity = $1 FOR UPDATE`,
  ensureUser: `${insertSql('users')} ON CONFLICT (identity) DO NOTHING`,
  updateUser: updateSql('users'),
  hasPush: `SELECT 1 FROM push_registrations WHERE identity = $1 LIMIT 1`,
  addPush: `INSERT INTO push_registrations (identity, channel_type, registration_id, date_created)
            VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
  removePush: `DELETE FROM push_registrations WHERE identity = $1 AND channel_type = $2 AND ($3::text IS NULL OR registration_id = $3::text)`,
  pushOf: `SELECT identity, channel_type, registration_id FROM push_registrations WHERE identity = $1 ORDER BY date_created`,
  pushIn: `SELECT r.identity, r.channel_type, r.registration_id FROM participants p
           JOIN push_registrations r ON r.identity = p.identity
           WHERE p.conversation_sid = $1 AND p.notification_level = 'default' AND ($2::text IS NULL OR p.identity <> $2::text)
           ORDER BY p.identity, r.date_created`,
  getMedia: `SELECT * FROM media WHERE sid = $1`,
  lockMedia: `SELECT * FROM media WHERE sid = $1 FOR UPDATE`,
  insertMedia: insertSql('media'),
  attachMedia: `UPDATE media SET conversation_sid = $1, message_sid = $2 WHERE sid = ANY($3::text[])`,
  deleteMediaOfMessage: `DELETE FROM media WHERE message_sid = $1 RETURNING *`,
  deleteMediaOfConversation: `DELETE FROM media WHERE conversation_sid = $1 RETURNING *`,
  deleteMediaUnattached: `DELETE FROM media WHERE message_sid IS NULL AND date_created < $1 RETURNING *`,
  listTemplates: `SELECT * FROM templates ORDER BY date_created, sid`,
  getTemplate: `SELECT * FROM templates WHERE sid = $1`,
  insertTemplate: insertSql('templates'),
  deleteTemplate: `DELETE FROM templates WHERE sid = $1`,
  getRole: `SELECT * FROM roles WHERE friendly_name = $1`,
  listRoles: `SELECT * FROM roles ORDER BY date_created, sid`,
  roleInUse: `SELECT EXISTS (SELECT 1 FROM participants WHERE role = $1) OR EXISTS (SELECT 1 FROM users WHERE role = $1) AS used`,
  saveRole: `${insertSql('roles')} ON CONFLICT (sid) DO UPDATE SET friendly_name = excluded.friendly_name, type = excluded.type,
             permissions = excluded.permissions, date_updated = excluded.date_updated`,
  deleteRole: `DELETE FROM roles WHERE sid = $1`,
  getApiKeyByHash: `SELECT * FROM api_keys WHERE secret_hash = $1`,
  listApiKeys: `SELECT * FROM api_keys ORDER BY date_created, sid`,
  insertApiKey: insertSql('api_keys'),
  deleteApiKey: `DELETE FROM api_keys WHERE sid = $1`,
  getWebhook: `SELECT * FROM webhooks WHERE sid = $1`,
  listWebhooks: `SELECT * FROM webhooks WHERE conversation_sid IS NOT DISTINCT FROM $1::text ORDER BY date_created, sid`,
  postWebhooksFor: `SELECT * FROM webhooks WHERE kind = 'post' AND (conversation_sid IS NULL OR conversation_sid = $1::text) ORDER BY date_created, sid`,
  saveWebhook: `${insertSql('webhooks')} ON CONFLICT (sid) DO UPDATE SET url = excluded.url, method = excluded.method, filters = excluded.filters,
                failure_policy = excluded.failure_policy, timeout_ms = excluded.timeout_ms, date_updated = excluded.date_updated`,
  deleteWebhook: `DELETE FROM webhooks WHERE sid = $1`,
  deleteConversationWebhooks: `DELETE FROM webhooks WHERE conversation_sid = $1`,
  getSetting: `SELECT value FROM meta WHERE key = $1`,
  setSetting: `INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  insertOutbox: insertSql('webhook_outbox'),
  // the heads are locked until the transaction ends: a process leasing at the same time skips them
  dueOutboxHeads: `${dueOutboxHeadsSql({ now: '$1', limit: '$2' })} FOR UPDATE OF o SKIP LOCKED`,
  leaseOutbox: `UPDATE webhook_outbox SET lease_until = $1, lease_owner = $2
                WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY ordering_key ORDER BY id) AS rn
                                             FROM webhook_outbox WHERE ordering_key = ANY($3::text[])) ranked WHERE rn <= $4)
                RETURNING *`,
  completeOutbox: `DELETE FROM webhook_outbox WHERE id = ANY($1::bigint[]) AND lease_owner = $2`,
  retryOutbox: `UPDATE webhook_outbox SET attempts = $3, next_attempt_at = $4, lease_until = 0, lease_owner = NULL WHERE id = $1 AND lease_owner = $2`,
  releaseOutbox: `UPDATE webhook_outbox SET lease_until = 0, lease_owner = NULL WHERE id = ANY($1::bigint[]) AND lease_owner = $2`,
  countOutbox: `SELECT COUNT(*)::int AS n FROM webhook_outbox`,
  insertDelivery: insertSql('webhook_deliveries'),
  listDeliveries: `SELECT * FROM webhook_deliveries WHERE ($1::text IS NULL OR webhook_sid = $1::text) AND ($2::bigint IS NULL OR id < $2::bigint)
                   ORDER BY id DESC LIMIT $3`,
  pruneDeliveries: `DELETE FROM webhook_deliveries WHERE created_at < $1`
} as const;

type Statement = keyof typeof SQL;

/**
 * The PostgreSQL implementation of {@link Tx} over one connection inside one transaction.
 *
 * In a write transaction (`locking`), the rows the domain reads and then changes are locked as
 * they are read: a conversation (every change inside a conversation reads it first, so its
 * message indexes stay gap-free and its counters exact under concurrent writers), a user, an
 * upload being attached. Reads (`locking` false) run in a read-only snapshot and lock nothing.
 */
export class PgTx implements Tx {
  constructor(
    private readonly client: ClientBase,
    private readonly locking: boolean
  ) {}

  private async rows<R>(statement: Statement, params: unknown[] = []): Promise<R[]> {
    const result = await this.client.query({ name: `rxc_${statement}`, text: SQL[statement], values: params });
    return result.rows as R[];
  }

  private async one<R>(statement: Statement, params: unknown[]): Promise<R | undefined> {
    return (await this.rows<R>(statement, params))[0];
  }

  private async run(statement: Statement, params: unknown[]): Promise<number> {
    const result = await this.client.query({ name: `rxc_${statement}`, text: SQL[statement], values: params });
    return result.rowCount ?? 0;
  }

  unlocked(): Reader {
    return this.locking ? new PgTx(this.client, false) : this;
  }

  async head(): Promise<number> {
    return (await this.one<{ head: number }>('head', []))?.head ?? 0;
  }

  async prunedThrough(): Promise<number> {
    const row = await this.one<{ value: string }>('prunedThrough', []);
    return row ? Number(row.value) : 0;
  }

  async eventsVisibleTo(identity: string, position: number, limit: number): Promise<EventRecord[]> {
    return (await this.rows<EventRow>('eventsVisible', [identity, position, limit])).map(eventFromRow);
  }

  async eventsAfter(position: number, limit: number): Promise<EventRecord[]> {
    return (await this.rows<EventRow>('eventsAfter', [position, limit])).map(eventFromRow);
  }

  async appendEvent(event: NewEvent, createdAt: number): Promise<number> {
    const row = await this.one<{ seq: number }>('appendEvent', [
      event.name,
      event.conversationSid,
      event.targetIdentity,
      JSON.stringify(event.data),
      createdAt
    ]);
    return (row as { seq: number }).seq;
  }

  async pruneEvents(before: number): Promise<number> {
    const last = (await this.one<{ seq: number | null }>('lastEventBefore', [before]))?.seq ?? null;
    if (last === null) return 0;
    const deleted = await this.run('pruneEvents', [last]);
    await this.run('pruneMemberships', [last]);
    if (last > (await this.prunedThrough())) await this.run('setPrunedThrough', [String(last)]);
    return deleted;
  }

  async getConversation(sid: string): Promise<ConversationRecord | null> {
    const row = await this.one<ConversationRow>(this.locking ? 'lockConversation' : 'getConversation', [sid]);
    return row ? conversationFromRow(row) : null;
  }

  async listConversations(after: ListPosition | null, limit: number): Promise<ConversationRecord[]> {
    return (await this.rows<ConversationRow>('listConversations', [after?.lastActivity ?? null, after?.sid ?? null, limit])).map(conversationFromRow);
  }

  async getConversationByUniqueName(uniqueName: string): Promise<ConversationRecord | null> {
    const row = await this.one<ConversationRow>('getConversationByUniqueName', [uniqueName]);
    return row ? conversationFromRow(row) : null;
  }

  async insertConversation(record: ConversationRecord): Promise<void> {
    await this.run('insertConversation', values('conversations', conversationToRow(record)));
  }

  async updateConversation(record: ConversationRecord): Promise<void> {
    await this.run('updateConversation', values('conversations', conversationToRow(record)));
  }

  async deleteConversation(sid: string): Promise<void> {
    await this.run('deleteConversationMessages', [sid]);
    await this.run('deleteConversationParticipants', [sid]);
    await this.run('deleteConversation', [sid]);
    await this.run('deleteConversationWebhooks', [sid]);
  }

  async getParticipant(conversationSid: string, identity: string): Promise<ParticipantRecord | null> {
    const row = await this.one<ParticipantRow>('getParticipant', [conversationSid, identity]);
    return row ? participantFromRow(row) : null;
  }

  async getParticipantBySid(conversationSid: string, participantSid: string): Promise<ParticipantRecord | null> {
    const row = await this.one<ParticipantRow>('getParticipantBySid', [conversationSid, participantSid]);
    return row ? participantFromRow(row) : null;
  }

  async listParticipants(conversationSid: string): Promise<ParticipantRecord[]> {
    return (await this.rows<ParticipantRow>('listParticipants', [conversationSid])).map(participantFromRow);
  }

  async conversationSidsOf(identity: string): Promise<string[]> {
    return (await this.rows<{ conversation_sid: string }>('conversationSidsOf', [identity])).map((r) => r.conversation_sid);
  }

  async listUserConversations(identity: string, after: ListPosition | null, limit: number): Promise<UserConversationRecord[]> {
    const rows = await this.rows<Record<string, unknown>>('userConversations', [
      identity,
      after?.lastActivity ?? null,
      after?.sid ?? null,
      limit
    ]);
    return rows.map((row) => ({
      conversation: conversationFromRow(unprefix<ConversationRow>(row, 'conversations', 'c')),
      participant: participantFromRow(unprefix<ParticipantRow>(row, 'participants', 'p')),
      unreadCount: row.unread as number | null
    }));
  }

  async insertParticipant(record: ParticipantRecord): Promise<void> {
    await this.run('insertParticipant', values('participants', participantToRow(record)));
  }

  async updateParticipant(record: ParticipantRecord): Promise<void> {
    await this.run('updateParticipant', values('participants', participantToRow(record)));
  }

  async deleteParticipant(participantSid: string): Promise<void> {
    await this.run('deleteParticipant', [participantSid]);
  }

  async openMembership(conversationSid: string, identity: string, joinedSeq: number): Promise<void> {
    await this.run('openMembership', [conversationSid, identity, joinedSeq]);
  }

  async closeMembership(conversationSid: string, identity: string | null, leftSeq: number): Promise<void> {
    if (identity === null) await this.run('closeAllMemberships', [leftSeq, conversationSid]);
    else await this.run('closeMembership', [leftSeq, conversationSid, identity]);
  }

  async getMessage(conversationSid: string, messageSid: string): Promise<MessageRecord | null> {
    const row = await this.one<MessageRow>('getMessage', [conversationSid, messageSid]);
    return row ? messageFromRow(row) : null;
  }

  async getMessageByKey(conversationSid: string, author: string, key: string): Promise<MessageRecord | null> {
    const row = await this.one<MessageRow>('getMessageByKey', [conversationSid, author, key]);
    return row ? messageFromRow(row) : null;
  }

  async messagesDescending(conversationSid: string, maxIndex: number | null, limit: number): Promise<MessageRecord[]> {
    return (await this.rows<MessageRow>('messagesDescending', [conversationSid, maxIndex, limit])).map(messageFromRow);
  }

  async messagesAscending(conversationSid: string, minIndex: number | null, limit: number): Promise<MessageRecord[]> {
    return (await this.rows<MessageRow>('messagesAscending', [conversationSid, minIndex, limit])).map(messageFromRow);
  }

  async hasMessageBefore(conversationSid: string, index: number): Promise<boolean> {
    return (await this.one('hasMessageBefore', [conversationSid, index])) !== undefined;
  }

  async hasMessageAfter(conversationSid: string, index: number): Promise<boolean> {
    return (await this.one('hasMessageAfter', [conversationSid, index])) !== undefined;
  }

  async countMessagesAfter(conversationSid: string, index: number): Promise<number> {
    return (await this.one<{ n: number }>('countMessagesAfter', [conversationSid, index]))?.n ?? 0;
  }

  async lastMessage(conversationSid: string): Promise<MessageRecord | null> {
    const row = await this.one<MessageRow>('lastMessage', [conversationSid]);
    return row ? messageFromRow(row) : null;
  }

  async insertMessage(record: MessageRecord): Promise<void> {
    await this.run('insertMessage', values('messages', messageToRow(record)));
  }

  async updateMessage(record: MessageRecord): Promise<void> {
    await this.run('updateMessage', values('messages', messageToRow(record)));
  }

  async deleteMessage(messageSid: string): Promise<void> {
    await this.run('deleteMessage', [messageSid]);
  }

  async getUser(identity: string): Promise<UserRecord | null> {
    const row = await this.one<UserRow>('getUser', [identity]);
    return row ? userFromRow(row) : null;
  }

  async ensureUser(record: UserRecord): Promise<UserRecord> {
    await this.run('ensureUser', values('users', userToRow(record)));
    return userFromRow((await this.one<UserRow>(this.locking ? 'lockUser' : 'getUser', [record.identity])) as UserRow);
  }

  async updateUser(record: UserRecord): Promise<void> {
    await this.run('updateUser', values('users', userToRow(record)));
  }

  async hasPushRegistration(identity: string): Promise<boolean> {
    return (await this.one('hasPush', [identity])) !== undefined;
  }

  async addPushRegistration(registration: PushRegistration, now: number): Promise<void> {
    await this.run('addPush', [registration.identity, registration.channelType, registration.registrationId, now]);
  }

  async removePushRegistration(
    identity: string,
    channelType: PushRegistration['channelType'],
    registrationId: string | null
  ): Promise<void> {
    await this.run('removePush', [identity, channelType, registrationId]);
  }

  async pushRegistrationsIn(conversationSid: string, excludeIdentity: string | null): Promise<PushRegistration[]> {
    return (await this.rows<PushRow>('pushIn', [conversationSid, excludeIdentity])).map(pushFromRow);
  }

  async pushRegistrationsOf(identity: string): Promise<PushRegistration[]> {
    return (await this.rows<PushRow>('pushOf', [identity])).map(pushFromRow);
  }

  async getMedia(sid: string): Promise<MediaRecord | null> {
    const row = await this.one<MediaRow>(this.locking ? 'lockMedia' : 'getMedia', [sid]);
    return row ? mediaFromRow(row) : null;
  }

  async insertMedia(record: MediaRecord): Promise<void> {
    await this.run('insertMedia', values('media', mediaToRow(record)));
  }

  async attachMedia(sids: readonly string[], conversationSid: string, messageSid: string): Promise<void> {
    if (sids.length > 0) await this.run('attachMedia', [conversationSid, messageSid, sids]);
  }

  async deleteMedia(scope: MediaScope): Promise<MediaRecord[]> {
    const rows =
      'messageSid' in scope
        ? await this.rows<MediaRow>('deleteMediaOfMessage', [scope.messageSid])
        : 'conversationSid' in scope
          ? await this.rows<MediaRow>('deleteMediaOfConversation', [scope.conversationSid])
          : await this.rows<MediaRow>('deleteMediaUnattached', [scope.unattachedBefore]);
    return rows.map(mediaFromRow);
  }

  async listTemplates(): Promise<TemplateRecord[]> {
    return (await this.rows<TemplateRow>('listTemplates')).map(templateFromRow);
  }

  async getTemplate(sid: string): Promise<TemplateRecord | null> {
    const row = await this.one<TemplateRow>('getTemplate', [sid]);
    return row ? templateFromRow(row) : null;
  }

  async insertTemplate(record: TemplateRecord): Promise<void> {
    await this.run('insertTemplate', values('templates', templateToRow(record)));
  }

  async deleteTemplate(sid: string): Promise<boolean> {
    return (await this.run('deleteTemplate', [sid])) > 0;
  }
  async getRole(name: string): Promise<RoleRecord | null> {
    const row = await this.one<RoleRow>('getRole', [name]);
    return row ? roleFromRow(row) : null;
  }

  async listRoles(): Promise<RoleRecord[]> {
    return (await this.rows<RoleRow>('listRoles')).map(roleFromRow);
  }

  async roleInUse(name: string): Promise<boolean> {
    return (await this.one<{ used: boolean }>('roleInUse', [name]))?.used === true;
  }

  async saveRole(record: RoleRecord): Promise<void> {
    await this.run('saveRole', values('roles', roleToRow(record)));
  }

  async deleteRole(sid: string): Promise<boolean> {
    return (await this.run('deleteRole', [sid])) > 0;
  }

  async getApiKeyByHash(secretHash: string): Promise<ApiKeyRecord | null> {
    const row = await this.one<ApiKeyRow>('getApiKeyByHash', [secretHash]);
    return row ? apiKeyFromRow(row) : null;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (await this.rows<ApiKeyRow>('listApiKeys')).map(apiKeyFromRow);
  }

  async insertApiKey(record: ApiKeyRecord): Promise<void> {
    await this.run('insertApiKey', values('api_keys', apiKeyToRow(record)));
  }

  async deleteApiKey(sid: string): Promise<boolean> {
    return (await this.run('deleteApiKey', [sid])) > 0;
  }

  async getWebhook(sid: string): Promise<WebhookRecord | null> {
    const row = await this.one<WebhookRow>('getWebhook', [sid]);
    return row ? webhookFromRow(row) : null;
  }

  async listWebhooks(conversationSid: string | null): Promise<WebhookRecord[]> {
    return (await this.rows<WebhookRow>('listWebhooks', [conversationSid])).map(webhookFromRow);
  }

  async postWebhooksFor(conversationSid: string | null): Promise<WebhookRecord[]> {
    return (await this.rows<WebhookRow>('postWebhooksFor', [conversationSid])).map(webhookFromRow);
  }

  async saveWebhook(record: WebhookRecord): Promise<void> {
    await this.run('saveWebhook', values('webhooks', webhookToRow(record)));
  }

  async deleteWebhook(sid: string): Promise<boolean> {
    return (await this.run('deleteWebhook', [sid])) > 0;
  }

  async getSetting(key: string): Promise<string | null> {
    return (await this.one<{ value: string }>('getSetting', [key]))?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.run('setSetting', [key, value]);
  }

  async insertOutbox(records: readonly NewOutboxRecord[]): Promise<void> {
    for (const record of records) await this.run('insertOutbox', values('webhook_outbox', outboxToRow(record)));
  }

  async leaseOutbox(now: number, leaseUntil: number, owner: string, keys: number, perKey: number): Promise<OutboxRecord[]> {
    const heads = await this.rows<{ ordering_key: string }>('dueOutboxHeads', [now, keys]);
    if (heads.length === 0) return [];
    const leased = await this.rows<OutboxRow>('leaseOutbox', [leaseUntil, owner, heads.map((h) => h.ordering_key), perKey]);
    return leased.map(outboxFromRow).sort((a, b) => (a.orderingKey < b.orderingKey ? -1 : a.orderingKey > b.orderingKey ? 1 : a.id - b.id));
  }

  async completeOutbox(ids: readonly number[], owner: string): Promise<void> {
    await this.run('completeOutbox', [ids, owner]);
  }

  async retryOutbox(id: number, owner: string, attempts: number, nextAttemptAt: number): Promise<void> {
    await this.run('retryOutbox', [id, owner, attempts, nextAttemptAt]);
  }

  async releaseOutbox(ids: readonly number[], owner: string): Promise<void> {
    await this.run('releaseOutbox', [ids, owner]);
  }

  async countOutbox(): Promise<number> {
    return (await this.one<{ n: number }>('countOutbox', []))?.n ?? 0;
  }

  async insertDeliveries(records: readonly Omit<DeliveryRecord, 'id'>[]): Promise<void> {
    for (const record of records) await this.run('insertDelivery', values('webhook_deliveries', deliveryToRow(record)));
  }

  async listDeliveries(webhookSid: string | null, beforeId: number | null, limit: number): Promise<DeliveryRecord[]> {
    return (await this.rows<DeliveryRow>('listDeliveries', [webhookSid, beforeId, limit])).map(deliveryFromRow);
  }

  async pruneDeliveries(before: number): Promise<number> {
    return this.run('pruneDeliveries', [before]);
  }
}

import type { Database, Statement } from 'better-sqlite3';
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
} from './rows';
import { MESSAGES, dueOutboxHeadsSql, unprefix } from '../shared-sql';
import { EVENTS_VISIBLE, USER_CONVERSATIONS, insertSql, updateSql } from './sql';

/**
 * The SQLite implementation of {@link Tx}: prepared statements run synchronously behind
 * resolved promises. One instance serves every transaction and read of a database, which
 * the storage's queue runs one at a time.
 */
export class SqliteTx implements Tx {
  private readonly s: Record<string, Statement>;

  constructor(db: Database) {
    const sql: Record<string, string> = {
      head: `SELECT seq FROM sqlite_sequence WHERE name = 'events'`,
      prunedThrough: `SELECT value FROM meta WHERE key = 'pruned_through'`,
      setPrunedThrough: `INSERT INTO meta (key, value) VALUES ('pruned_through', @value)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      eventsVisible: EVENTS_VISIBLE,
      eventsAfter: `SELECT seq, name, conversation_sid, target_identity, data, created_at FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
      appendEvent: `INSERT INTO events (name, conversation_sid, target_identity, data, created_at)
                    VALUES (@name, @conversation_sid, @target_identity, @data, @created_at)`,
      lastEventBefore: `SELECT MAX(seq) AS seq FROM events WHERE created_at < ?`,
      pruneEvents: `DELETE FROM events WHERE seq <= ?`,
      pruneMemberships: `DELETE FROM memberships WHERE left_seq IS NOT NULL AND left_seq <= ?`,
      getConversation: `SELECT * FROM conversations WHERE sid = ?`,
      getConversationByUniqueName: `SELECT * FROM conversations WHERE unique_name = ?`,
      listConversations: `SELECT * FROM conversations WHERE @activity IS NULL OR (last_activity, sid) < (@activity, @sid)
                          ORDER BY last_activity DESC, sid DESC LIMIT @limit`,
      insertConversation: insertSql('conversations'),
      updateConversation: updateSql('conversations'),
      deleteConversation: `DELETE FROM conversations WHERE sid = ?`,
      deleteConversationParticipants: `DELETE FROM participants WHERE conversation_sid = ?`,
      deleteConversationMessages: `DELETE FROM messages WHERE conversation_sid = ?`,
      getParticipant: `SELECT * FROM participants WHERE conversation_sid = ? AND identity = ?`,
      getParticipantBySid: `SELECT * FROM participants WHERE conversation_sid = ? AND sid = ?`,
      listParticipants: `SELECT * FROM participants WHERE conversation_sid = ? ORDER BY date_created, sid`,
      conversationSidsOf: `SELECT conversation_sid FROM participants WHERE identity = ?`,
      userConversations: USER_CONVERSATIONS,
      insertParticipant: insertSql('participants'),
      updateParticipant: updateSql('participants'),
      deleteParticipant: `DELETE FROM participants WHERE sid = ?`,
      openMembership: `INSERT INTO memberships (conversation_sid, identity, joined_seq) VALUES (?, ?, ?)`,
      closeMembership: `UPDATE memberships SET left_seq = ? WHERE conversation_sid = ? AND identity = ? AND left_seq IS NULL`,
      closeAllMemberships: `UPDATE memberships SET left_seq = ? WHERE conversation_sid = ? AND left_seq IS NULL`,
      getMessage: `${MESSAGES} WHERE conversation_sid = ? AND sid = ?`,
      getMessageByKey: `${MESSAGES} WHERE conversation_sid = ? AND author = ? AND key = ?`,
      messagesDescending: `${MESSAGES} WHERE conversation_sid = @c AND (@i IS NULL OR idx <= @i) ORDER BY idx DESC LIMIT @limit`,
      messagesAscending: `${MESSAGES} WHERE conversation_sid = @c AND (@i IS NULL OR idx >= @i) ORDER BY idx ASC LIMIT @limit`,
      hasMessageBefore: `SELECT 1 FROM messages WHERE conversation_sid = ? AND idx < ? LIMIT 1`,
      hasMessageAfter: `SELECT 1 FROM messages WHERE conversation_sid = ? AND idx > ? LIMIT 1`,
      countMessagesAfter: `SELECT COUNT(*) AS n FROM messages WHERE conversation_sid = ? AND idx > ?`,
      lastMessage: `${MESSAGES} WHERE conversation_sid = ? ORDER BY idx DESC LIMIT 1`,
      insertMessage: insertSql('messages'),
      updateMessage: updateSql('messages'),
      deleteMessage: `DELETE FROM messages WHERE sid = ?`,
      getUser: `SELECT * FROM users WHERE identity = ?`,
      ensureUser: `${insertSql('users')} ON CONFLICT (identity) DO NOTHING`,
      updateUser: updateSql('users'),
      hasPush: `SELECT 1 FROM push_registrations WHERE identity = ? LIMIT 1`,
      addPush: `INSERT INTO push_registrations (identity, channel_type, registration_id, date_created)
                VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      removePush: `DELETE FROM push_registrations WHERE identity = ? AND channel_type = ? AND (? IS NULL OR registration_id = ?)`,
      pushOf: `SELECT identity, channel_type, registration_id FROM push_registrations WHERE identity = ? ORDER BY date_created`,
      pushIn: `SELECT r.identity, r.channel_type, r.registration_id FROM participants p
               JOIN push_registrations r ON r.identity = p.identity
               WHERE p.conversation_sid = @c AND p.notification_level = 'default' AND (@x IS NULL OR p.identity <> @x)
               ORDER BY p.identity, r.date_created`,
      getMedia: `SELECT * FROM media WHERE sid = ?`,
      insertMedia: insertSql('media'),
      attachMedia: `UPDATE media SET conversation_sid = ?, message_sid = ? WHERE sid = ?`,
      mediaOfMessage: `SELECT * FROM media WHERE message_sid = ?`,
      mediaOfConversation: `SELECT * FROM media WHERE conversation_sid = ?`,
      mediaUnattached: `SELECT * FROM media WHERE message_sid IS NULL AND date_created < ?`,
      deleteMedia: `DELETE FROM media WHERE sid = ?`,
      listTemplates: `SELECT * FROM templates ORDER BY date_created, sid`,
      getTemplate: `SELECT * FROM templates WHERE sid = ?`,
      insertTemplate: insertSql('templates'),
      deleteTemplate: `DELETE FROM templates WHERE sid = ?`,
      getRole: `SELECT * FROM roles WHERE friendly_name = ?`,
      listRoles: `SELECT * FROM roles ORDER BY date_created, sid`,
      roleInUse: `SELECT EXISTS (SELECT 1 FROM participants WHERE role = @name) OR EXISTS (SELECT 1 FROM users WHERE role = @name) AS used`,
      saveRole: `${insertSql('roles')} ON CONFLICT (sid) DO UPDATE SET friendly_name = excluded.friendly_name, type = excluded.type,
                 permissions = excluded.permissions, date_updated = excluded.date_updated`,
      deleteRole: `DELETE FROM roles WHERE sid = ?`,
      getApiKeyByHash: `SELECT * FROM api_keys WHERE secret_hash = ?`,
      listApiKeys: `SELECT * FROM api_keys ORDER BY date_created, sid`,
      insertApiKey: insertSql('api_keys'),
      deleteApiKey: `DELETE FROM api_keys WHERE sid = ?`,
      getWebhook: `SELECT * FROM webhooks WHERE sid = ?`,
      listWebhooks: `SELECT * FROM webhooks WHERE conversation_sid IS @c ORDER BY date_created, sid`,
      postWebhooksFor: `SELECT * FROM webhooks WHERE kind = 'post' AND (conversation_sid IS NULL OR conversation_sid = @c) ORDER BY date_created, sid`,
      saveWebhook: `${insertSql('webhooks')} ON CONFLICT (sid) DO UPDATE SET url = excluded.url, method = excluded.method, filters = excluded.filters,
                    failure_policy = excluded.failure_policy, timeout_ms = excluded.timeout_ms, date_updated = excluded.date_updated`,
      deleteWebhook: `DELETE FROM webhooks WHERE sid = ?`,
      deleteConversationWebhooks: `DELETE FROM webhooks WHERE conversation_sid = ?`,
      getSetting: `SELECT value FROM meta WHERE key = ?`,
      setSetting: `INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      insertOutbox: insertSql('webhook_outbox'),
      dueOutboxHeads: dueOutboxHeadsSql({ now: '@now', limit: '@limit' }),
      leaseOutbox: `UPDATE webhook_outbox SET lease_until = @until, lease_owner = @owner
                    WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY ordering_key ORDER BY id) AS rn
                                                 FROM webhook_outbox WHERE ordering_key IN (SELECT value FROM json_each(@keys))) WHERE rn <= @per)
                    RETURNING *`,
      completeOutbox: `DELETE FROM webhook_outbox WHERE id IN (SELECT value FROM json_each(@ids)) AND lease_owner = @owner`,
      retryOutbox: `UPDATE webhook_outbox SET attempts = @attempts, next_attempt_at = @next, lease_until = 0, lease_owner = NULL
                    WHERE id = @id AND lease_owner = @owner`,
      releaseOutbox: `UPDATE webhook_outbox SET lease_until = 0, lease_owner = NULL WHERE id IN (SELECT value FROM json_each(@ids)) AND lease_owner = @owner`,
      countOutbox: `SELECT COUNT(*) AS n FROM webhook_outbox`,
      insertDelivery: insertSql('webhook_deliveries'),
      listDeliveries: `SELECT * FROM webhook_deliveries WHERE (@w IS NULL OR webhook_sid = @w) AND (@before IS NULL OR id < @before)
                       ORDER BY id DESC LIMIT @limit`,
      pruneDeliveries: `DELETE FROM webhook_deliveries WHERE created_at < ?`
    };
    this.s = Object.fromEntries(Object.entries(sql).map(([name, text]) => [name, db.prepare(text)]));
  }

  /** SQLite runs one transaction at a time: nothing to lock. */
  unlocked(): Reader {
    return this;
  }

  async head(): Promise<number> {
    const row = this.s.head.get() as { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  async prunedThrough(): Promise<number> {
    const row = this.s.prunedThrough.get() as { value: string } | undefined;
    return row ? Number(row.value) : 0;
  }

  async eventsVisibleTo(identity: string, position: number, limit: number): Promise<EventRecord[]> {
    return (this.s.eventsVisible.all({ identity, position, limit }) as EventRow[]).map(eventFromRow);
  }

  async eventsAfter(position: number, limit: number): Promise<EventRecord[]> {
    return (this.s.eventsAfter.all(position, limit) as EventRow[]).map(eventFromRow);
  }

  async appendEvent(event: NewEvent, createdAt: number): Promise<number> {
    const info = this.s.appendEvent.run({
      name: event.name,
      conversation_sid: event.conversationSid,
      target_identity: event.targetIdentity,
      data: JSON.stringify(event.data),
      created_at: createdAt
    });
    return Number(info.lastInsertRowid);
  }

  async pruneEvents(before: number): Promise<number> {
    const last = (this.s.lastEventBefore.get(before) as { seq: number | null }).seq;
    if (last === null) return 0;
    const { changes } = this.s.pruneEvents.run(last);
    this.s.pruneMemberships.run(last);
    if (last > (await this.prunedThrough())) this.s.setPrunedThrough.run({ value: String(last) });
    return changes;
  }

  async getConversation(sid: string): Promise<ConversationRecord | null> {
    const row = this.s.getConversation.get(sid) as ConversationRow | undefined;
    return row ? conversationFromRow(row) : null;
  }

  async listConversations(after: ListPosition | null, limit: number): Promise<ConversationRecord[]> {
    const rows = this.s.listConversations.all({ activity: after?.lastActivity ?? null, sid: after?.sid ?? null, limit }) as ConversationRow[];
    return rows.map(conversationFromRow);
  }

  async getConversationByUniqueName(uniqueName: string): Promise<ConversationRecord | null> {
    const row = this.s.getConversationByUniqueName.get(uniqueName) as ConversationRow | undefined;
    return row ? conversationFromRow(row) : null;
  }

  async insertConversation(record: ConversationRecord): Promise<void> {
    this.s.insertConversation.run(conversationToRow(record));
  }

  async updateConversation(record: ConversationRecord): Promise<void> {
    this.s.updateConversation.run(conversationToRow(record));
  }

  async deleteConversation(sid: string): Promise<void> {
    this.s.deleteConversationMessages.run(sid);
    this.s.deleteConversationParticipants.run(sid);
    this.s.deleteConversation.run(sid);
    this.s.deleteConversationWebhooks.run(sid);
  }

  async getParticipant(conversationSid: string, identity: string): Promise<ParticipantRecord | null> {
    const row = this.s.getParticipant.get(conversationSid, identity) as ParticipantRow | undefined;
    return row ? participantFromRow(row) : null;
  }

  async getParticipantBySid(conversationSid: string, participantSid: string): Promise<ParticipantRecord | null> {
    const row = this.s.getParticipantBySid.get(conversationSid, participantSid) as ParticipantRow | undefined;
    return row ? participantFromRow(row) : null;
  }

  async listParticipants(conversationSid: string): Promise<ParticipantRecord[]> {
    return (this.s.listParticipants.all(conversationSid) as ParticipantRow[]).map(participantFromRow);
  }

  async conversationSidsOf(identity: string): Promise<string[]> {
    return (this.s.conversationSidsOf.all(identity) as { conversation_sid: string }[]).map((r) => r.conversation_sid);
  }

  async listUserConversations(identity: string, after: ListPosition | null, limit: number): Promise<UserConversationRecord[]> {
    const rows = this.s.userConversations.all({
      identity,
      activity: after?.lastActivity ?? null,
      sid: after?.sid ?? null,
      limit
    }) as Record<string, unknown>[];
    return rows.map((row) => ({
      conversation: conversationFromRow(unprefix<ConversationRow>(row, 'conversations', 'c')),
      participant: participantFromRow(unprefix<ParticipantRow>(row, 'participants', 'p')),
      unreadCount: row.unread as number | null
    }));
  }

  async insertParticipant(record: ParticipantRecord): Promise<void> {
    this.s.insertParticipant.run(participantToRow(record));
  }

  async updateParticipant(record: ParticipantRecord): Promise<void> {
    this.s.updateParticipant.run(participantToRow(record));
  }

  async deleteParticipant(participantSid: string): Promise<void> {
    this.s.deleteParticipant.run(participantSid);
  }

  async openMembership(conversationSid: string, identity: string, joinedSeq: number): Promise<void> {
    this.s.openMembership.run(conversationSid, identity, joinedSeq);
  }

  async closeMembership(conversationSid: string, identity: string | null, leftSeq: number): Promise<void> {
    if (identity === null) this.s.closeAllMemberships.run(leftSeq, conversationSid);
    else this.s.closeMembership.run(leftSeq, conversationSid, identity);
  }

  async getMessage(conversationSid: string, messageSid: string): Promise<MessageRecord | null> {
    const row = this.s.getMessage.get(conversationSid, messageSid) as MessageRow | undefined;
    return row ? messageFromRow(row) : null;
  }

  async getMessageByKey(conversationSid: string, author: string, key: string): Promise<MessageRecord | null> {
    const row = this.s.getMessageByKey.get(conversationSid, author, key) as MessageRow | undefined;
    return row ? messageFromRow(row) : null;
  }

  async messagesDescending(conversationSid: string, maxIndex: number | null, limit: number): Promise<MessageRecord[]> {
    return (this.s.messagesDescending.all({ c: conversationSid, i: maxIndex, limit }) as MessageRow[]).map(messageFromRow);
  }

  async messagesAscending(conversationSid: string, minIndex: number | null, limit: number): Promise<MessageRecord[]> {
    return (this.s.messagesAscending.all({ c: conversationSid, i: minIndex, limit }) as MessageRow[]).map(messageFromRow);
  }

  async hasMessageBefore(conversationSid: string, index: number): Promise<boolean> {
    return this.s.hasMessageBefore.get(conversationSid, index) !== undefined;
  }

  async hasMessageAfter(conversationSid: string, index: number): Promise<boolean> {
    return this.s.hasMessageAfter.get(conversationSid, index) !== undefined;
  }

  async countMessagesAfter(conversationSid: string, index: number): Promise<number> {
    return (this.s.countMessagesAfter.get(conversationSid, index) as { n: number }).n;
  }

  async lastMessage(conversationSid: string): Promise<MessageRecord | null> {
    const row = this.s.lastMessage.get(conversationSid) as MessageRow | undefined;
    return row ? messageFromRow(row) : null;
  }

  async insertMessage(record: MessageRecord): Promise<void> {
    this.s.insertMessage.run(messageToRow(record));
  }

  async updateMessage(record: MessageRecord): Promise<void> {
    this.s.updateMessage.run(messageToRow(record));
  }

  async deleteMessage(messageSid: string): Promise<void> {
    this.s.deleteMessage.run(messageSid);
  }

  async getUser(identity: string): Promise<UserRecord | null> {
    const row = this.s.getUser.get(identity) as UserRow | undefined;
    return row ? userFromRow(row) : null;
  }

  async ensureUser(record: UserRecord): Promise<UserRecord> {
    this.s.ensureUser.run(userToRow(record));
    return userFromRow(this.s.getUser.get(record.identity) as UserRow);
  }

  async updateUser(record: UserRecord): Promise<void> {
    this.s.updateUser.run(userToRow(record));
  }

  async hasPushRegistration(identity: string): Promise<boolean> {
    return this.s.hasPush.get(identity) !== undefined;
  }

  async addPushRegistration(registration: PushRegistration, now: number): Promise<void> {
    this.s.addPush.run(registration.identity, registration.channelType, registration.registrationId, now);
  }

  async removePushRegistration(
    identity: string,
    channelType: PushRegistration['channelType'],
    registrationId: string | null
  ): Promise<void> {
    this.s.removePush.run(identity, channelType, registrationId, registrationId);
  }

  async pushRegistrationsIn(conversationSid: string, excludeIdentity: string | null): Promise<PushRegistration[]> {
    return (this.s.pushIn.all({ c: conversationSid, x: excludeIdentity }) as PushRow[]).map(pushFromRow);
  }

  async pushRegistrationsOf(identity: string): Promise<PushRegistration[]> {
    return (this.s.pushOf.all(identity) as PushRow[]).map(pushFromRow);
  }

  async getMedia(sid: string): Promise<MediaRecord | null> {
    const row = this.s.getMedia.get(sid) as MediaRow | undefined;
    return row ? mediaFromRow(row) : null;
  }

  async insertMedia(record: MediaRecord): Promise<void> {
    this.s.insertMedia.run(mediaToRow(record));
  }

  async attachMedia(sids: readonly string[], conversationSid: string, messageSid: string): Promise<void> {
    for (const sid of sids) this.s.attachMedia.run(conversationSid, messageSid, sid);
  }

  async deleteMedia(scope: MediaScope): Promise<MediaRecord[]> {
    const rows = (
      'messageSid' in scope
        ? this.s.mediaOfMessage.all(scope.messageSid)
        : 'conversationSid' in scope
          ? this.s.mediaOfConversation.all(scope.conversationSid)
          : this.s.mediaUnattached.all(scope.unattachedBefore)
    ) as MediaRow[];
    for (const row of rows) this.s.deleteMedia.run(row.sid);
    return rows.map(mediaFromRow);
  }

  async listTemplates(): Promise<TemplateRecord[]> {
    return (this.s.listTemplates.all() as TemplateRow[]).map(templateFromRow);
  }

  async getTemplate(sid: string): Promise<TemplateRecord | null> {
    const row = this.s.getTemplate.get(sid) as TemplateRow | undefined;
    return row ? templateFromRow(row) : null;
  }

  async insertTemplate(record: TemplateRecord): Promise<void> {
    this.s.insertTemplate.run(templateToRow(record));
  }

  async deleteTemplate(sid: string): Promise<boolean> {
    return this.s.deleteTemplate.run(sid).changes > 0;
  }
  async getRole(name: string): Promise<RoleRecord | null> {
    const row = this.s.getRole.get(name) as RoleRow | undefined;
    return row ? roleFromRow(row) : null;
  }

  async listRoles(): Promise<RoleRecord[]> {
    return (this.s.listRoles.all() as RoleRow[]).map(roleFromRow);
  }

  async roleInUse(name: string): Promise<boolean> {
    return (this.s.roleInUse.get({ name }) as { used: number }).used === 1;
  }

  async saveRole(record: RoleRecord): Promise<void> {
    this.s.saveRole.run(roleToRow(record));
  }

  async deleteRole(sid: string): Promise<boolean> {
    return this.s.deleteRole.run(sid).changes > 0;
  }

  async getApiKeyByHash(secretHash: string): Promise<ApiKeyRecord | null> {
    const row = this.s.getApiKeyByHash.get(secretHash) as ApiKeyRow | undefined;
    return row ? apiKeyFromRow(row) : null;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (this.s.listApiKeys.all() as ApiKeyRow[]).map(apiKeyFromRow);
  }

  async insertApiKey(record: ApiKeyRecord): Promise<void> {
    this.s.insertApiKey.run(apiKeyToRow(record));
  }

  async deleteApiKey(sid: string): Promise<boolean> {
    return this.s.deleteApiKey.run(sid).changes > 0;
  }

  async getWebhook(sid: string): Promise<WebhookRecord | null> {
    const row = this.s.getWebhook.get(sid) as WebhookRow | undefined;
    return row ? webhookFromRow(row) : null;
  }

  async listWebhooks(conversationSid: string | null): Promise<WebhookRecord[]> {
    return (this.s.listWebhooks.all({ c: conversationSid }) as WebhookRow[]).map(webhookFromRow);
  }

  async postWebhooksFor(conversationSid: string | null): Promise<WebhookRecord[]> {
    return (this.s.postWebhooksFor.all({ c: conversationSid }) as WebhookRow[]).map(webhookFromRow);
  }

  async saveWebhook(record: WebhookRecord): Promise<void> {
    this.s.saveWebhook.run(webhookToRow(record));
  }

  async deleteWebhook(sid: string): Promise<boolean> {
    return this.s.deleteWebhook.run(sid).changes > 0;
  }

  async getSetting(key: string): Promise<string | null> {
    return (this.s.getSetting.get(key) as { value: string } | undefined)?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.s.setSetting.run({ key, value });
  }

  async insertOutbox(records: readonly NewOutboxRecord[]): Promise<void> {
    for (const record of records) this.s.insertOutbox.run(outboxToRow(record));
  }

  async leaseOutbox(now: number, leaseUntil: number, owner: string, keys: number, perKey: number): Promise<OutboxRecord[]> {
    const heads = this.s.dueOutboxHeads.all({ now, limit: keys }) as { ordering_key: string }[];
    if (heads.length === 0) return [];
    const leased = this.s.leaseOutbox.all({ until: leaseUntil, owner, keys: JSON.stringify(heads.map((h) => h.ordering_key)), per: perKey }) as OutboxRow[];
    return leased.map(outboxFromRow).sort((a, b) => (a.orderingKey < b.orderingKey ? -1 : a.orderingKey > b.orderingKey ? 1 : a.id - b.id));
  }

  async completeOutbox(ids: readonly number[], owner: string): Promise<void> {
    this.s.completeOutbox.run({ ids: JSON.stringify(ids), owner });
  }

  async retryOutbox(id: number, owner: string, attempts: number, nextAttemptAt: number): Promise<void> {
    this.s.retryOutbox.run({ id, owner, attempts, next: nextAttemptAt });
  }

  async releaseOutbox(ids: readonly number[], owner: string): Promise<void> {
    this.s.releaseOutbox.run({ ids: JSON.stringify(ids), owner });
  }

  async countOutbox(): Promise<number> {
    return (this.s.countOutbox.get() as { n: number }).n;
  }

  async insertDeliveries(records: readonly Omit<DeliveryRecord, 'id'>[]): Promise<void> {
    for (const record of records) this.s.insertDelivery.run(deliveryToRow(record));
  }

  async listDeliveries(webhookSid: string | null, beforeId: number | null, limit: number): Promise<DeliveryRecord[]> {
    return (this.s.listDeliveries.all({ w: webhookSid, before: beforeId, limit }) as DeliveryRow[]).map(deliveryFromRow);
  }

  async pruneDeliveries(before: number): Promise<number> {
    return this.s.pruneDeliveries.run(before).changes;
  }
}

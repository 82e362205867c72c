import type {
  ApiKeyRecord,
  DeliveryRecord,
  MediaRecord,
  MediaScope,
  NewOutboxRecord,
  OutboxRecord,
  PushRegistration,
  RoleRecord,
  TemplateRecord,
  WebhookRecord
} from './records';
import {
  type MediaRow,
  type PushRow,
  type TemplateRow,
  mediaFromRow,
  mediaToRow,
  pushFromRow,
  templateFromRow,
  templateToRow
} from './rows/media';
import { type ApiKeyRow, type RoleRow, apiKeyFromRow, apiKeyToRow, roleFromRow, roleToRow } from './rows/access';
import {
  type DeliveryRow,
  type OutboxRow,
  type WebhookRow,
  deliveryFromRow,
  deliveryToRow,
  outboxFromRow,
  outboxToRow,
  webhookFromRow,
  webhookToRow
} from './rows/webhooks';
import { values } from './columns';
import type { SqlDriver } from './sql-driver';

/**
 * The service's own rows of {@link SqlRepository}, apart from the conversations': push
 * registrations, uploads, content templates, roles, API keys, webhooks and their outbox and
 * deliveries, settings. The same driver, the same locking (see `SqlRepository`).
 */
export abstract class SqlServiceRows {
  constructor(
    protected readonly db: SqlDriver,
    protected readonly locking: boolean
  ) {}

  async hasPushRegistration(identity: string): Promise<boolean> {
    return (await this.db.one('hasPush', [identity])) !== undefined;
  }

  async addPushRegistration(registration: PushRegistration, now: number): Promise<void> {
    await this.db.run('addPush', [registration.identity, registration.channelType, registration.registrationId, now]);
  }

  async removePushRegistration(
    identity: string,
    channelType: PushRegistration['channelType'],
    registrationId: string | null
  ): Promise<void> {
    await this.db.run('removePush', [identity, channelType, registrationId]);
  }

  async pushRegistrationsIn(conversationSid: string, excludeIdentity: string | null): Promise<PushRegistration[]> {
    return (await this.db.many<PushRow>('pushIn', [conversationSid, excludeIdentity])).map(pushFromRow);
  }

  async pushRegistrationsOf(identity: string): Promise<PushRegistration[]> {
    return (await this.db.many<PushRow>('pushOf', [identity])).map(pushFromRow);
  }

  async getMedia(sid: string): Promise<MediaRecord | null> {
    const row = await this.db.one<MediaRow>(this.locking ? 'lockMedia' : 'getMedia', [sid]);
    return row ? mediaFromRow(row) : null;
  }

  async insertMedia(record: MediaRecord): Promise<void> {
    await this.db.run('insertMedia', values('media', mediaToRow(record)));
  }

  async attachMedia(sids: readonly string[], conversationSid: string, messageSid: string): Promise<void> {
    for (const sid of sids) await this.db.run('attachMedia', [conversationSid, messageSid, sid]);
  }

  async deleteMedia(scope: MediaScope): Promise<MediaRecord[]> {
    const rows =
      'messageSid' in scope
        ? await this.db.many<MediaRow>('deleteMediaOfMessage', [scope.messageSid])
        : 'conversationSid' in scope
          ? await this.db.many<MediaRow>('deleteMediaOfConversation', [scope.conversationSid])
          : await this.db.many<MediaRow>('deleteMediaUnattached', [scope.unattachedBefore]);
    return rows.map(mediaFromRow);
  }

  async listTemplates(): Promise<TemplateRecord[]> {
    return (await this.db.many<TemplateRow>('listTemplates')).map(templateFromRow);
  }

  async getTemplate(sid: string): Promise<TemplateRecord | null> {
    const row = await this.db.one<TemplateRow>('getTemplate', [sid]);
    return row ? templateFromRow(row) : null;
  }

  async insertTemplate(record: TemplateRecord): Promise<void> {
    await this.db.run('insertTemplate', values('templates', templateToRow(record)));
  }

  async deleteTemplate(sid: string): Promise<boolean> {
    return (await this.db.run('deleteTemplate', [sid])) > 0;
  }

  async getRole(name: string): Promise<RoleRecord | null> {
    const row = await this.db.one<RoleRow>('getRole', [name]);
    return row ? roleFromRow(row) : null;
  }

  async getRoles(names: readonly string[]): Promise<RoleRecord[]> {
    return (await this.db.many<RoleRow>('getRoles', [JSON.stringify(names)])).map(roleFromRow);
  }

  async listRoles(): Promise<RoleRecord[]> {
    return (await this.db.many<RoleRow>('listRoles')).map(roleFromRow);
  }

  async roleInUse(name: string): Promise<boolean> {
    return (await this.db.one('roleInUse', [name])) !== undefined;
  }

  async saveRole(record: RoleRecord): Promise<void> {
    await this.db.run('saveRole', values('roles', roleToRow(record)));
  }

  async deleteRole(sid: string): Promise<boolean> {
    return (await this.db.run('deleteRole', [sid])) > 0;
  }

  async getApiKeyByHash(secretHash: string): Promise<ApiKeyRecord | null> {
    const row = await this.db.one<ApiKeyRow>('getApiKeyByHash', [secretHash]);
    return row ? apiKeyFromRow(row) : null;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (await this.db.many<ApiKeyRow>('listApiKeys')).map(apiKeyFromRow);
  }

  async insertApiKey(record: ApiKeyRecord): Promise<void> {
    await this.db.run('insertApiKey', values('api_keys', apiKeyToRow(record)));
  }

  async deleteApiKey(sid: string): Promise<boolean> {
    return (await this.db.run('deleteApiKey', [sid])) > 0;
  }

  async getWebhook(sid: string): Promise<WebhookRecord | null> {
    const row = await this.db.one<WebhookRow>('getWebhook', [sid]);
    return row ? webhookFromRow(row) : null;
  }

  async listWebhooks(conversationSid: string | null): Promise<WebhookRecord[]> {
    return (await this.db.many<WebhookRow>('listWebhooks', [conversationSid])).map(webhookFromRow);
  }

  async postWebhooksFor(conversationSid: string | null): Promise<WebhookRecord[]> {
    return (await this.db.many<WebhookRow>('postWebhooksFor', [conversationSid])).map(webhookFromRow);
  }

  async saveWebhook(record: WebhookRecord): Promise<void> {
    await this.db.run('saveWebhook', values('webhooks', webhookToRow(record)));
  }

  async deleteWebhook(sid: string): Promise<boolean> {
    return (await this.db.run('deleteWebhook', [sid])) > 0;
  }

  async getSetting(key: string): Promise<string | null> {
    return (await this.db.one<{ value: string }>('getSetting', [key]))?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.db.run('setSetting', [key, value]);
  }

  async insertOutbox(records: readonly NewOutboxRecord[]): Promise<void> {
    for (const record of records) await this.db.run('insertOutbox', values('webhook_outbox', outboxToRow(record)));
  }

  async leaseOutbox(
    now: number,
    leaseUntil: number,
    owner: string,
    keys: number,
    perKey: number
  ): Promise<OutboxRecord[]> {
    const heads = await this.db.many<{ ordering_key: string }>('dueOutboxHeads', [now, keys]);
    if (heads.length === 0) return [];
    const orderingKeys = JSON.stringify(heads.map((h) => h.ordering_key));
    const leased = await this.db.many<OutboxRow>('leaseOutbox', [leaseUntil, owner, orderingKeys, perKey]);
    return leased
      .map(outboxFromRow)
      .sort((a, b) => (a.orderingKey < b.orderingKey ? -1 : a.orderingKey > b.orderingKey ? 1 : a.id - b.id));
  }

  async completeOutbox(ids: readonly number[], owner: string): Promise<void> {
    await this.db.run('completeOutbox', [JSON.stringify(ids), owner]);
  }

  async retryOutbox(id: number, owner: string, attempts: number, nextAttemptAt: number): Promise<void> {
    await this.db.run('retryOutbox', [id, owner, attempts, nextAttemptAt]);
  }

  async releaseOutbox(ids: readonly number[], owner: string): Promise<void> {
    await this.db.run('releaseOutbox', [JSON.stringify(ids), owner]);
  }

  async countOutbox(): Promise<number> {
    return (await this.db.one<{ n: number }>('countOutbox'))?.n ?? 0;
  }

  async insertDeliveries(records: readonly Omit<DeliveryRecord, 'id'>[]): Promise<void> {
    for (const record of records)
      await this.db.run('insertDelivery', values('webhook_deliveries', deliveryToRow(record)));
  }

  async listDeliveries(webhookSid: string | null, beforeId: number | null, limit: number): Promise<DeliveryRecord[]> {
    return (await this.db.many<DeliveryRow>('listDeliveries', [webhookSid, beforeId, limit])).map(deliveryFromRow);
  }

  async pruneDeliveries(before: number): Promise<number> {
    return this.db.run('pruneDeliveries', [before]);
  }
}

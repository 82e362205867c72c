import { randomBytes } from 'node:crypto';
import { ErrorCode } from '../../protocol';
import type { DeliveryRecord, WebhookRecord } from '../storage/records';
import type { Reader, Tx } from '../storage/storage';
import { type DomainContext, read } from './context';
import { DomainError, conversationNotFound } from './errors';
import { SidPrefix, newSid } from './sids';
import { POST_EVENTS, PRE_EVENTS } from './webhook-events';

/**
 * Webhook configuration: the service's post-event and pre-event webhooks (one of each), a
 * conversation's own post-event webhooks, and the signing secret they share.
 */

/** The sid of the service's post-event webhook. */
export const SERVICE_POST_WEBHOOK = 'WHservicepost';
/** The sid of the service's pre-event webhook. */
export const SERVICE_PRE_WEBHOOK = 'WHservicepre';
/** The only method: Standard Webhooks signs the body. */
export const WEBHOOK_METHOD = 'POST';
/** How long a pre-event webhook has to answer, by default (the reference's). */
export const DEFAULT_PRE_TIMEOUT_MS = 5000;
/** How long the secret replaced by a rotation still signs calls (next to the new one). */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3600 * 1000;

const SECRET = 'webhook_secret';
const PREVIOUS_SECRET = 'webhook_secret_previous';
const PREVIOUS_SECRET_UNTIL = 'webhook_secret_previous_until';

/** A new signing secret, in Standard Webhooks' form (`whsec_` and base64 bytes). */
function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** The secrets calls are signed with now: the current one, and the one it replaced during its grace. */
export async function signingSecrets(reader: Reader, now: number): Promise<string[]> {
  const current = await reader.getSetting(SECRET);
  const previous = await reader.getSetting(PREVIOUS_SECRET);
  const until = Number((await reader.getSetting(PREVIOUS_SECRET_UNTIL)) ?? 0);
  return [...(current ? [current] : []), ...(previous && until > now ? [previous] : [])];
}

/** Creates the signing secret if there is none; answers it when it was created (to be shown once), else null. */
async function ensureSecret(tx: Tx): Promise<string | null> {
  if (await tx.getSetting(SECRET)) return null;
  const secret = newSecret();
  await tx.setSetting(SECRET, secret);
  return secret;
}

/**
 * Replaces the signing secret; the old one still signs for {@link PREVIOUS_SECRET_GRACE_MS}. Answers the new one (shown
 * once).
 */
export function rotateSigningSecret(ctx: DomainContext): Promise<string> {
  return ctx.storage.transaction(async (tx) => {
    const current = await tx.getSetting(SECRET);
    if (current) {
      await tx.setSetting(PREVIOUS_SECRET, current);
      await tx.setSetting(PREVIOUS_SECRET_UNTIL, String(ctx.now() + PREVIOUS_SECRET_GRACE_MS));
    }
    const secret = newSecret();
    await tx.setSetting(SECRET, secret);
    return secret;
  });
}

function checkUrl(url: string, path: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DomainError(ErrorCode.BadRequest, `${path} is not a URL`, path);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new DomainError(ErrorCode.BadRequest, `${path} must be http or https`, path);
}

function checkFilters(filters: readonly string[], known: readonly string[], path: string): void {
  filters.forEach((filter, i) => {
    if (!known.includes(filter))
      throw new DomainError(ErrorCode.BadRequest, `'${filter}' is not an event this webhook can take`, `${path}.${i}`);
  });
}

/** The service's webhooks. */
export interface ServiceWebhooks {
  post: WebhookRecord | null;
  pre: WebhookRecord | null;
  /** Whether a signing secret exists. */
  secretSet: boolean;
}

/** The service's webhooks, as configured. */
export function serviceWebhooks(ctx: DomainContext): Promise<ServiceWebhooks> {
  return read(ctx, async (reader) => ({
    post: await reader.getWebhook(SERVICE_POST_WEBHOOK),
    pre: await reader.getWebhook(SERVICE_PRE_WEBHOOK),
    secretSet: (await reader.getSetting(SECRET)) !== null
  }));
}

/** A change of the service's webhooks: an absent field stays, a null URL turns that webhook off. */
export interface ServiceWebhooksInput {
  postUrl?: string | null;
  preUrl?: string | null;
  /** Post-events and pre-events together (`onMessageAdded`, `onMessageAdd`, ...). */
  filters?: readonly string[];
  preTimeoutMs?: number;
  preFailurePolicy?: 'allow' | 'refuse';
}

/** Configures the service's webhooks; answers them, and the signing secret if this created it. */
export function configureServiceWebhooks(
  ctx: DomainContext,
  input: ServiceWebhooksInput
): Promise<ServiceWebhooks & { newSecret: string | null }> {
  if (input.postUrl) checkUrl(input.postUrl, 'PostWebhookUrl');
  if (input.preUrl) checkUrl(input.preUrl, 'PreWebhookUrl');
  if (input.filters) checkFilters(input.filters, [...POST_EVENTS, ...PRE_EVENTS], 'Filters');
  return ctx.storage.transaction(async (tx) => {
    const now = ctx.now();
    const save = async (
      sid: string,
      kind: 'post' | 'pre',
      url: string | null | undefined,
      known: readonly string[]
    ) => {
      const current = await tx.getWebhook(sid);
      const nextUrl = url === undefined ? current?.url : url;
      if (!nextUrl) {
        if (current) await tx.deleteWebhook(sid);
        return null;
      }
      const filters = input.filters ? input.filters.filter((f) => known.includes(f)) : (current?.filters ?? [...known]);
      const webhook: WebhookRecord = {
        sid,
        conversationSid: null,
        kind,
        url: nextUrl,
        method: WEBHOOK_METHOD,
        filters,
        failurePolicy: input.preFailurePolicy ?? current?.failurePolicy ?? 'allow',
        timeoutMs: input.preTimeoutMs ?? current?.timeoutMs ?? DEFAULT_PRE_TIMEOUT_MS,
        dateCreated: current?.dateCreated ?? now,
        dateUpdated: now
      };
      await tx.saveWebhook(webhook);
      return webhook;
    };
    const post = await save(SERVICE_POST_WEBHOOK, 'post', input.postUrl, POST_EVENTS);
    const pre = await save(SERVICE_PRE_WEBHOOK, 'pre', input.preUrl, PRE_EVENTS);
    const created = post || pre ? await ensureSecret(tx) : null;
    return { post, pre, secretSet: created !== null || (await tx.getSetting(SECRET)) !== null, newSecret: created };
  });
}

/** A conversation's post-event webhook, as given. */
export interface ConversationWebhookInput {
  url: string;
  filters: readonly string[];
}

async function conversationOf(tx: Reader, conversationSid: string) {
  const conversation = await tx.getConversation(conversationSid);
  if (!conversation) throw conversationNotFound();
  return conversation;
}

/** Adds a post-event webhook to a conversation; answers it, and the signing secret if this created it. */
export function createConversationWebhook(
  ctx: DomainContext,
  conversationSid: string,
  input: ConversationWebhookInput
): Promise<{ webhook: WebhookRecord; newSecret: string | null }> {
  checkUrl(input.url, 'Configuration.Url');
  checkFilters(input.filters, POST_EVENTS, 'Configuration.Filters');
  return ctx.storage.transaction(async (tx) => {
    await conversationOf(tx, conversationSid);
    const now = ctx.now();
    const webhook: WebhookRecord = {
      sid: newSid(SidPrefix.Webhook),
      conversationSid,
      kind: 'post',
      url: input.url,
      method: WEBHOOK_METHOD,
      filters: [...new Set(input.filters)],
      failurePolicy: 'allow',
      timeoutMs: DEFAULT_PRE_TIMEOUT_MS,
      dateCreated: now,
      dateUpdated: now
    };
    await tx.saveWebhook(webhook);
    return { webhook, newSecret: await ensureSecret(tx) };
  });
}

async function conversationWebhookIn(reader: Reader, conversationSid: string, sid: string): Promise<WebhookRecord> {
  const webhook = await reader.getWebhook(sid);
  if (!webhook || webhook.conversationSid !== conversationSid)
    throw new DomainError(ErrorCode.NotFound, 'Webhook not found', 'Sid');
  return webhook;
}

/** A conversation's webhooks. */
export function listConversationWebhooks(ctx: DomainContext, conversationSid: string): Promise<WebhookRecord[]> {
  return read(ctx, async (reader) => {
    await conversationOf(reader, conversationSid);
    return reader.listWebhooks(conversationSid);
  });
}

/** One of a conversation's webhooks. */
export function getConversationWebhook(
  ctx: DomainContext,
  conversationSid: string,
  sid: string
): Promise<WebhookRecord> {
  return read(ctx, (reader) => conversationWebhookIn(reader, conversationSid, sid));
}

/** Changes a conversation's webhook: its URL or filters. */
export function updateConversationWebhook(
  ctx: DomainContext,
  conversationSid: string,
  sid: string,
  input: Partial<ConversationWebhookInput>
): Promise<WebhookRecord> {
  if (input.url !== undefined) checkUrl(input.url, 'Configuration.Url');
  if (input.filters !== undefined) checkFilters(input.filters, POST_EVENTS, 'Configuration.Filters');
  return ctx.storage.transaction(async (tx) => {
    const current = await conversationWebhookIn(tx, conversationSid, sid);
    const next: WebhookRecord = {
      ...current,
      url: input.url ?? current.url,
      filters: input.filters ? [...new Set(input.filters)] : current.filters,
      dateUpdated: ctx.now()
    };
    await tx.saveWebhook(next);
    return next;
  });
}

/** Removes a conversation's webhook (calls already in the outbox still go out). */
export function deleteConversationWebhook(ctx: DomainContext, conversationSid: string, sid: string): Promise<void> {
  return ctx.storage.transaction(async (tx) => {
    await conversationWebhookIn(tx, conversationSid, sid);
    await tx.deleteWebhook(sid);
  });
}

/** A page of the delivery log, newest first, of one webhook or all. */
export function listDeliveries(
  ctx: DomainContext,
  webhookSid: string | null,
  beforeId: number | null,
  pageSize: number
): Promise<{ items: DeliveryRecord[]; nextBefore: number | null }> {
  return read(ctx, async (reader) => {
    const rows = await reader.listDeliveries(webhookSid, beforeId, pageSize + 1);
    const items = rows.slice(0, pageSize);
    return { items, nextBefore: rows.length > pageSize ? items[items.length - 1].id : null };
  });
}

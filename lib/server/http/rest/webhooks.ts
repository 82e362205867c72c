import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DeliveryRecord, WebhookRecord } from '../../storage/records';
import { resolveConversationSid } from '../../domain/conversations';
import * as webhooks from '../../domain/webhooks';
import { requireScope } from '../api-auth';
import { ErrorBody, NoContent } from '../schemas';
import { renamed } from './command-args';
import type { RestDeps } from './rest-deps';
import { conversationUrl, pageMeta } from './resources';
import { ConversationParams } from './schemas';
import {
  ConfigureServiceWebhooks,
  ConversationWebhook,
  CreateConversationWebhook,
  DeliveryPage,
  DeliveryQuery,
  Metrics,
  ServiceWebhooks,
  SigningSecret,
  UpdateConversationWebhook,
  WebhookPage,
  WebhookParams
} from './webhook-schemas';

const iso = (ms: number) => new Date(ms).toISOString();

function serviceResource(base: string, config: webhooks.ServiceWebhooks, newSecret: string | null = null) {
  return {
    post_webhook_url: config.post?.url ?? null,
    pre_webhook_url: config.pre?.url ?? null,
    method: webhooks.WEBHOOK_METHOD,
    filters: [...(config.post?.filters ?? []), ...(config.pre?.filters ?? [])],
    pre_webhook_timeout_ms: config.pre?.timeoutMs ?? webhooks.DEFAULT_PRE_TIMEOUT_MS,
    pre_webhook_failure_policy: config.pre?.failurePolicy ?? ('allow' as const),
    signing_secret_set: config.secretSet,
    ...(newSecret === null ? {} : { signing_secret: newSecret }),
    url: `${base}/v1/Configuration/Webhooks`
  };
}

function webhookResource(base: string, webhook: WebhookRecord, newSecret: string | null = null) {
  const conversationSid = webhook.conversationSid ?? '';
  return {
    sid: webhook.sid,
    conversation_sid: conversationSid,
    target: 'webhook' as const,
    configuration: { url: webhook.url, method: webhook.method, filters: webhook.filters },
    ...(newSecret === null ? {} : { signing_secret: newSecret }),
    date_created: iso(webhook.dateCreated),
    date_updated: iso(webhook.dateUpdated),
    url: `${conversationUrl(base, conversationSid)}/Webhooks/${encodeURIComponent(webhook.sid)}`
  };
}

function deliveryResource(entry: DeliveryRecord) {
  return {
    message_id: entry.messageId,
    webhook_sid: entry.webhookSid,
    event_type: entry.eventType,
    attempt: entry.attempt,
    outcome: entry.outcome,
    status: entry.status,
    error: entry.error,
    duration_ms: entry.durationMs,
    date_created: iso(entry.createdAt)
  };
}

/**
 * Webhooks: the service's (post-event and pre-event URLs, filters, the pre-event timeout and
 * failure policy), the signing secret's rotation, a conversation's own post-event webhooks, the
 * delivery log and the delivery metrics. Changes take `admin`; reading takes `read`.
 */
export const webhookRoutes: FastifyPluginAsyncTypebox<RestDeps> = async (
  app,
  { ctx, auth, baseUrl, webhooks: hooks }
) => {
  const read = requireScope(auth, 'read');
  const admin = requireScope(auth, 'admin');
  const common = { tags: ['webhooks'], security: [{ apiKey: [] }] };
  const sidOf = (sidOrName: string) => resolveConversationSid(ctx, sidOrName);

  app.get(
    '/v1/Configuration/Webhooks',
    {
      onRequest: read,
      schema: { ...common, summary: "The service's webhooks", response: { 200: ServiceWebhooks, '4xx': ErrorBody } }
    },
    async () => serviceResource(baseUrl(), await webhooks.serviceWebhooks(ctx))
  );

  app.post(
    '/v1/Configuration/Webhooks',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary:
          "Configure the service's post-event and pre-event webhooks (a null URL turns one off); " +
          'the first answers the signing secret, once',
        body: ConfigureServiceWebhooks,
        response: { 200: ServiceWebhooks, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const body = request.body;
      const { newSecret, ...config } = await renamed(() =>
        webhooks.configureServiceWebhooks(ctx, {
          postUrl: body.PostWebhookUrl,
          preUrl: body.PreWebhookUrl,
          filters: body.Filters,
          preTimeoutMs: body.PreWebhookTimeout,
          preFailurePolicy: body.PreWebhookFailurePolicy
        })
      );
      await hooks.changed();
      return serviceResource(baseUrl(), config, newSecret);
    }
  );

  app.post(
    '/v1/Configuration/Webhooks/Secret',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Rotate the signing secret: answers the new one, once; the previous one still signs for 24 hours',
        response: { 200: SigningSecret, '4xx': ErrorBody }
      }
    },
    async () => {
      const hadOne = (await webhooks.serviceWebhooks(ctx)).secretSet;
      const secret = await webhooks.rotateSigningSecret(ctx);
      await hooks.changed();
      return {
        signing_secret: secret,
        previous_secret_valid_until: hadOne ? iso(ctx.now() + webhooks.PREVIOUS_SECRET_GRACE_MS) : null
      };
    }
  );

  app.post(
    '/v1/Conversations/:ConversationSid/Webhooks',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: 'Add a post-event webhook to a conversation',
        params: ConversationParams,
        body: CreateConversationWebhook,
        response: { 201: ConversationWebhook, '4xx': ErrorBody }
      }
    },
    async (request, reply) => {
      const conversationSid = await sidOf(request.params.ConversationSid);
      const { Url: url, Filters: filters } = request.body.Configuration;
      const { webhook, newSecret } = await renamed(() =>
        webhooks.createConversationWebhook(ctx, conversationSid, { url, filters })
      );
      return reply.code(201).send(webhookResource(baseUrl(), webhook, newSecret));
    }
  );

  app.get(
    '/v1/Conversations/:ConversationSid/Webhooks',
    {
      onRequest: read,
      schema: {
        ...common,
        summary: "A conversation's webhooks",
        params: ConversationParams,
        response: { 200: WebhookPage, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const items = await webhooks.listConversationWebhooks(ctx, await sidOf(request.params.ConversationSid));
      return {
        webhooks: items.map((w) => webhookResource(baseUrl(), w)),
        meta: pageMeta('webhooks', items.length, `${baseUrl()}${request.url}`, null)
      };
    }
  );

  app.get(
    '/v1/Conversations/:ConversationSid/Webhooks/:Sid',
    {
      onRequest: read,
      schema: {
        ...common,
        summary: "Fetch a conversation's webhook",
        params: WebhookParams,
        response: { 200: ConversationWebhook, '4xx': ErrorBody }
      }
    },
    async (request) =>
      webhookResource(
        baseUrl(),
        await webhooks.getConversationWebhook(ctx, await sidOf(request.params.ConversationSid), request.params.Sid)
      )
  );

  app.post(
    '/v1/Conversations/:ConversationSid/Webhooks/:Sid',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: "Change a conversation's webhook",
        params: WebhookParams,
        body: UpdateConversationWebhook,
        response: { 200: ConversationWebhook, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const conversationSid = await sidOf(request.params.ConversationSid);
      const { Url: url, Filters: filters } = request.body.Configuration;
      return webhookResource(
        baseUrl(),
        await renamed(() =>
          webhooks.updateConversationWebhook(ctx, conversationSid, request.params.Sid, { url, filters })
        )
      );
    }
  );

  app.delete(
    '/v1/Conversations/:ConversationSid/Webhooks/:Sid',
    {
      onRequest: admin,
      schema: {
        ...common,
        summary: "Remove a conversation's webhook",
        params: WebhookParams,
        response: { 204: NoContent, '4xx': ErrorBody }
      }
    },
    async (request, reply) => {
      await webhooks.deleteConversationWebhook(ctx, await sidOf(request.params.ConversationSid), request.params.Sid);
      return reply.code(204).send(null);
    }
  );

  app.get(
    '/v1/Webhooks/Deliveries',
    {
      onRequest: read,
      schema: {
        ...common,
        summary:
          'The delivery log, newest first: every attempt but a first-time success ' +
          '(failures, retries that succeeded, calls dropped)',
        querystring: DeliveryQuery,
        response: { 200: DeliveryPage, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const pageSize = request.query.PageSize ?? 50;
      const before = request.query.PageToken === undefined ? null : Number(request.query.PageToken);
      const { items, nextBefore } = await webhooks.listDeliveries(
        ctx,
        request.query.WebhookSid ?? null,
        before,
        pageSize
      );
      return {
        deliveries: items.map(deliveryResource),
        meta: pageMeta(
          'deliveries',
          pageSize,
          `${baseUrl()}${request.url}`,
          nextBefore === null ? null : String(nextBefore)
        )
      };
    }
  );

  app.get(
    '/v1/Metrics',
    {
      onRequest: read,
      schema: {
        ...common,
        tags: ['service'],
        summary: "This process's webhook delivery counters, and the calls waiting",
        response: { 200: Metrics, '4xx': ErrorBody }
      }
    },
    async () => ({
      webhooks: {
        delivered: hooks.stats.delivered,
        failed_attempts: hooks.stats.failedAttempts,
        dropped: hooks.stats.dropped,
        pending: await ctx.storage.read((reader) => reader.countOutbox())
      }
    })
  );
};

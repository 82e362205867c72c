import { Type } from '@sinclair/typebox';
import { LIMITS } from '../../../protocol';
import { ConversationParams, Sid, Time, nullable, page } from './schemas';

/** The REST API's webhook resources and request bodies (service and conversation webhooks, deliveries, metrics). */

const Filters = Type.Array(Type.String({ maxLength: 64 }), {
  maxItems: 32,
  description: 'Event names: onMessageAdded, ... (post-event), onMessageAdd, ... (pre-event)'
});
const Url = Type.String({ minLength: 1, maxLength: 2048 });

export const ServiceWebhooks = Type.Object({
  post_webhook_url: nullable(Type.String()),
  pre_webhook_url: nullable(Type.String()),
  method: Type.String(),
  filters: Type.Array(Type.String()),
  pre_webhook_timeout_ms: Type.Integer(),
  pre_webhook_failure_policy: Type.Union([Type.Literal('allow'), Type.Literal('refuse')]),
  signing_secret_set: Type.Boolean(),
  signing_secret: Type.Optional(
    Type.String({ description: 'Only in the answer that created it: keep it, it is not shown again' })
  ),
  url: Type.String()
});

export const ConfigureServiceWebhooks = Type.Object(
  {
    PostWebhookUrl: Type.Optional(nullable(Url)),
    PreWebhookUrl: Type.Optional(nullable(Url)),
    Method: Type.Optional(Type.Literal('POST')),
    Filters: Type.Optional(Filters),
    PreWebhookTimeout: Type.Optional(
      Type.Integer({ minimum: 100, maximum: 30_000, description: 'Milliseconds; default 5000' })
    ),
    PreWebhookFailurePolicy: Type.Optional(
      Type.Union([Type.Literal('allow'), Type.Literal('refuse')], {
        description: 'On timeout or a failed call; default allow'
      })
    )
  },
  { additionalProperties: false }
);

export const SigningSecret = Type.Object({
  signing_secret: Type.String({ description: 'Shown once' }),
  previous_secret_valid_until: nullable(Time)
});

export const ConversationWebhook = Type.Object({
  sid: Type.String(),
  conversation_sid: Type.String(),
  target: Type.Literal('webhook'),
  configuration: Type.Object({ url: Type.String(), method: Type.String(), filters: Type.Array(Type.String()) }),
  signing_secret: Type.Optional(Type.String({ description: 'Only in the answer that created it' })),
  date_created: Time,
  date_updated: Time,
  url: Type.String()
});

export const CreateConversationWebhook = Type.Object(
  {
    Target: Type.Optional(Type.Literal('webhook')),
    Configuration: Type.Object(
      {
        Url,
        Method: Type.Optional(Type.Literal('POST')),
        Filters: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 32 })
      },
      { additionalProperties: false }
    )
  },
  { additionalProperties: false }
);

export const UpdateConversationWebhook = Type.Object(
  {
    Configuration: Type.Object(
      {
        Url: Type.Optional(Url),
        Method: Type.Optional(Type.Literal('POST')),
        Filters: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 32 }))
      },
      { additionalProperties: false }
    )
  },
  { additionalProperties: false }
);

export const WebhookParams = Type.Object({ ConversationSid: ConversationParams.properties.ConversationSid, Sid });

export const Delivery = Type.Object({
  message_id: Type.String({ description: 'The call’s webhook-id' }),
  webhook_sid: Type.String(),
  event_type: Type.String(),
  attempt: Type.Integer(),
  outcome: Type.Union([Type.Literal('delivered'), Type.Literal('failed'), Type.Literal('dropped')]),
  status: nullable(Type.Integer({ description: 'The receiver’s HTTP status; null: no answer' })),
  error: nullable(Type.String()),
  duration_ms: Type.Integer(),
  date_created: Time
});

export const DeliveryQuery = Type.Object(
  {
    WebhookSid: Type.Optional(Sid),
    PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxMessagesPageSize })),
    PageToken: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' }))
  },
  { additionalProperties: false }
);

export const Metrics = Type.Object({
  webhooks: Type.Object({
    delivered: Type.Integer({ description: 'Calls delivered by this process since it started' }),
    failed_attempts: Type.Integer({ description: 'Attempts that failed (each retried, or dropped)' }),
    dropped: Type.Integer({ description: 'Calls given up after retrying for webhookRetryForMs' }),
    pending: Type.Integer({ description: 'Calls waiting in the outbox (every process)' })
  })
});

export const WebhookPage = page('webhooks', ConversationWebhook);
export const DeliveryPage = page('deliveries', Delivery);

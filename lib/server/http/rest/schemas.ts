import { type TSchema, Type } from '@sinclair/typebox';
import { LIMITS, MAX_ROLE_NAME_LENGTH } from '../../../protocol';

/**
 * The REST API's resources and request bodies as JSON schemas: fastify validates requests with
 * them, the OpenAPI document is generated from them, and the handlers' types come from them.
 * Names follow the reference service: request fields in PascalCase, resource fields in
 * snake_case, times in ISO 8601. Sizes in UTF-8 bytes (bodies, attributes) are checked
 * afterwards by the WebSocket command's own codec: the same limits for both.
 */

/** A schema that also takes null. */
export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** A time, as the REST API writes it. */
export const Time = Type.String({ format: 'date-time', description: 'ISO 8601' });
/** Any JSON value (an object, usually). */
export const Json = Type.Unknown({ description: 'Any JSON value' });
const Name = nullable(Type.String({ maxLength: LIMITS.maxNameLength }));
const RoleRef = Type.String({
  minLength: 1,
  maxLength: MAX_ROLE_NAME_LENGTH,
  description: "A role's sid (RL...) or name"
});
/** A sid in a path. */
export const Sid = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9]+$' });

/** Where a list continues. */
export const Meta = Type.Object({
  key: Type.String({ description: 'The name of the list in this page' }),
  page_size: Type.Integer(),
  url: Type.String(),
  next_page_url: nullable(Type.String()),
  previous_page_url: nullable(Type.String())
});

/** A page of a list query. */
export const PageQuery = Type.Object(
  {
    PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxMessagesPageSize })),
    PageToken: Type.Optional(Type.String({ maxLength: 512 }))
  },
  { additionalProperties: false }
);

/** A page of messages, in either order. */
export const MessagePageQuery = Type.Object(
  {
    PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxMessagesPageSize })),
    PageToken: Type.Optional(Type.String({ maxLength: 64 })),
    Order: Type.Optional(
      Type.Union([Type.Literal('asc'), Type.Literal('desc')], { description: 'By index; default asc' })
    )
  },
  { additionalProperties: false }
);

export const ConversationParams = Type.Object({
  ConversationSid: Type.String({ minLength: 1, maxLength: LIMITS.maxNameLength, description: 'A sid or a unique name' })
});
export const ParticipantParams = Type.Object({
  ConversationSid: ConversationParams.properties.ConversationSid,
  Sid: Type.String({
    minLength: 1,
    maxLength: LIMITS.maxIdentityLength,
    description: "A participant's sid or identity"
  })
});
export const MessageParams = Type.Object({ ConversationSid: ConversationParams.properties.ConversationSid, Sid });
export const UserParams = Type.Object({ Identity: Type.String({ minLength: 1, maxLength: LIMITS.maxIdentityLength }) });

export const Conversation = Type.Object({
  sid: Type.String(),
  unique_name: nullable(Type.String()),
  friendly_name: nullable(Type.String()),
  attributes: Json,
  state: Type.Union([Type.Literal('active'), Type.Literal('inactive'), Type.Literal('closed')]),
  state_date_updated: Time,
  is_private: Type.Boolean(),
  created_by: Type.String(),
  messages_count: Type.Integer(),
  participants_count: Type.Integer(),
  date_created: Time,
  date_updated: Time,
  url: Type.String(),
  links: Type.Object({ participants: Type.String(), messages: Type.String() })
});

export const CreateConversation = Type.Object(
  {
    FriendlyName: Type.Optional(Name),
    UniqueName: Type.Optional(Name),
    Attributes: Type.Optional(Json),
    IsPrivate: Type.Optional(Type.Boolean({ description: 'Default true: only participants see it' }))
  },
  { additionalProperties: false }
);

export const UpdateConversation = Type.Object(
  {
    FriendlyName: Type.Optional(Name),
    UniqueName: Type.Optional(Name),
    Attributes: Type.Optional(Json),
    State: Type.Optional(
      Type.Union([Type.Literal('active'), Type.Literal('inactive'), Type.Literal('closed')], {
        description: 'closed is final'
      })
    )
  },
  { additionalProperties: false }
);

export const Participant = Type.Object({
  sid: Type.String(),
  conversation_sid: Type.String(),
  identity: nullable(Type.String()),
  attributes: Json,
  role_sid: nullable(Type.String()),
  role: Type.String({ description: "The role's name" }),
  last_read_message_index: nullable(Type.Integer()),
  last_read_timestamp: nullable(Time),
  date_created: Time,
  date_updated: Time,
  url: Type.String()
});

export const CreateParticipant = Type.Object(
  {
    Identity: Type.String({ minLength: 1, maxLength: LIMITS.maxIdentityLength }),
    Attributes: Type.Optional(Json),
    RoleSid: Type.Optional(RoleRef)
  },
  { additionalProperties: false }
);

export const UpdateParticipant = Type.Object(
  { Attributes: Type.Optional(Json), RoleSid: Type.Optional(RoleRef) },
  { additionalProperties: false }
);

const Media = Type.Object({
  sid: Type.String(),
  filename: nullable(Type.String()),
  content_type: Type.String(),
  size: Type.Integer(),
  category: Type.String()
});

export const Message = Type.Object({
  sid: Type.String(),
  conversation_sid: Type.String(),
  index: Type.Integer(),
  author: nullable(Type.String()),
  participant_sid: nullable(Type.String()),
  body: nullable(Type.String()),
  attributes: Json,
  media: nullable(Type.Array(Media)),
  content_sid: nullable(Type.String()),
  content_variables: nullable(Type.Record(Type.String(), Type.String())),
  last_updated_by: nullable(Type.String()),
  date_created: Time,
  date_updated: Time,
  url: Type.String(),
  reactions: Type.Optional(Type.Array(Json)),
  reply_to: Type.Optional(Json),
  mentions: Type.Optional(Type.Array(Type.String()))
});

export const CreateMessage = Type.Object(
  {
    Author: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: LIMITS.maxIdentityLength,
        description: "Who it is from; default 'system'"
      })
    ),
    Body: Type.Optional(nullable(Type.String())),
    Attributes: Type.Optional(Json),
    MediaSid: Type.Optional(
      Type.Array(Sid, { maxItems: LIMITS.maxMediaPerMessage, description: "Uploads of the author's (POST /v1/media)" })
    ),
    ContentSid: Type.Optional(nullable(Sid)),
    ContentVariables: Type.Optional(Type.Record(Type.String({ maxLength: 256 }), Type.String({ maxLength: 4096 }))),
    ReplyTo: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0 }), Sid], {
        description: 'Beyond the reference: the index or sid of the message this one answers'
      })
    )
  },
  { additionalProperties: false }
);

export const UpdateMessage = Type.Object(
  { Body: Type.Optional(nullable(Type.String())), Attributes: Type.Optional(Json) },
  { additionalProperties: false }
);

/** The header that makes a retried send one message (the WebSocket's `key`). */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: LIMITS.maxIdempotencyKeyLength,
      description: 'A retried send with the same key (and Author) answers the first message'
    })
  )
});

export const User = Type.Object({
  identity: Type.String(),
  role_sid: nullable(Type.String()),
  friendly_name: nullable(Type.String()),
  attributes: Json,
  is_online: nullable(Type.Boolean()),
  is_notifiable: nullable(Type.Boolean()),
  date_created: Time,
  date_updated: Time,
  url: Type.String(),
  links: Type.Object({ user_conversations: Type.String() })
});

export const CreateUser = Type.Object(
  {
    Identity: Type.String({ minLength: 1, maxLength: LIMITS.maxIdentityLength }),
    FriendlyName: Type.Optional(Name),
    Attributes: Type.Optional(Json),
    RoleSid: Type.Optional(RoleRef)
  },
  { additionalProperties: false }
);

export const UpdateUser = Type.Object(
  { FriendlyName: Type.Optional(Name), Attributes: Type.Optional(Json), RoleSid: Type.Optional(RoleRef) },
  { additionalProperties: false }
);

const RoleType = Type.Union([Type.Literal('conversation'), Type.Literal('service')]);
const Permissions = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
  maxItems: 64,
  description: 'Permission names (docs/rest-api.md, Roles)'
});

export const Role = Type.Object({
  sid: Type.String(),
  friendly_name: Type.String(),
  type: RoleType,
  permissions: Type.Array(Type.String()),
  date_created: Time,
  date_updated: Time,
  url: Type.String()
});

export const CreateRole = Type.Object(
  {
    FriendlyName: Type.String({ minLength: 1, maxLength: MAX_ROLE_NAME_LENGTH }),
    Type: RoleType,
    Permission: Permissions
  },
  { additionalProperties: false }
);

export const UpdateRole = Type.Object({ Permission: Permissions }, { additionalProperties: false });

export const RoleParams = Type.Object({
  Sid: Type.String({ minLength: 1, maxLength: MAX_ROLE_NAME_LENGTH, description: "A role's sid or name" })
});

export const UserConversation = Type.Object({
  conversation_sid: Type.String(),
  unique_name: nullable(Type.String()),
  friendly_name: nullable(Type.String()),
  attributes: Json,
  conversation_state: Type.String(),
  participant_sid: Type.String(),
  last_read_message_index: nullable(Type.Integer()),
  unread_messages_count: nullable(Type.Integer()),
  notification_level: Type.String(),
  date_created: Time,
  date_updated: Time,
  url: Type.String()
});

/** A page of `items` under `key`, with `meta`. */
export function page<K extends string, T extends TSchema>(key: K, item: T) {
  return Type.Object({ [key]: Type.Array(item), meta: Meta } as { [P in K]: ReturnType<typeof Type.Array<T>> } & {
    meta: typeof Meta;
  });
}

export const ConversationPage = page('conversations', Conversation);
export const ParticipantPage = page('participants', Participant);
export const MessagePage = page('messages', Message);
export const UserConversationPage = page('conversations', UserConversation);
export const RolePage = page('roles', Role);

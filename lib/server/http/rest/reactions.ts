import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorCode, LIMITS, ReactionKey, decode } from '../../../protocol';
import { backendActor } from '../../domain/access';
import { resolveConversationSid } from '../../domain/conversations';
import { DomainError } from '../../domain/errors';
import * as reactions from '../../domain/reactions';
import { searchMessages } from '../../domain/search';
import { requireScope } from '../api-auth';
import { ErrorBody, NoContent } from '../schemas';
import { asCommand } from './command-args';
import type { RestDeps } from './rest-deps';
import { messageResource, pageMeta } from './resources';
import { Message, MessageParams, Meta, UserParams } from './schemas';

const Identity = Type.String({ minLength: 1, maxLength: LIMITS.maxIdentityLength });
const Reaction = Type.Object({ key: Type.String(), count: Type.Integer(), identities: Type.Array(Type.String()) });
/** A message's reaction summary, as the REST API answers it. */
export const Reactions = Type.Object({ reactions: Type.Array(Reaction) });
const AddReaction = Type.Object({ Identity, Key: Type.String() }, { additionalProperties: false });
const ReactionParams = Type.Object({ ...MessageParams.properties, Key: Type.String() });
const RemoveReactionQuery = Type.Object({ Identity }, { additionalProperties: false });
const SearchQuery = Type.Object(
  {
    Query: Type.String({ minLength: 1, maxLength: LIMITS.maxSearchQueryLength }),
    ConversationSid: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxSearchPageSize })),
    PageToken: Type.Optional(Type.String({ maxLength: 512 }))
  },
  { additionalProperties: false }
);
/** A page of search hits, as the REST API answers it. */
export const SearchPage = Type.Object({
  messages: Type.Array(
    Type.Object({ message: Message, highlights: Type.Array(Type.Array(Type.Integer(), { minItems: 2, maxItems: 2 })) })
  ),
  meta: Meta
});

/** A reaction key as the REST API names it (`Key`), checked as the protocol checks it. */
function reactionKey(value: string): string {
  const decoded = decode(ReactionKey, value, 'Key');
  if (!decoded.ok) throw new DomainError(ErrorCode.BadRequest, decoded.message, decoded.path);
  return decoded.value;
}

/**
 * Beyond the reference: a message's reactions, added and removed as an identity (a backend may act
 * for any), and search over the messages an identity may read.
 */
export const reactionRoutes: FastifyPluginAsyncTypebox<RestDeps> = async (app, { ctx, auth, baseUrl }) => {
  const read = requireScope(auth, 'read');
  const write = requireScope(auth, 'write');
  const common = { tags: ['messages'], security: [{ apiKey: [] }] };

  app.post(
    '/v1/Conversations/:ConversationSid/Messages/:Sid/Reactions',
    {
      onRequest: write,
      schema: {
        ...common,
        summary: "Add an identity's reaction to a message",
        params: MessageParams,
        body: AddReaction,
        response: { 200: Reactions, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const conversationSid = await resolveConversationSid(ctx, request.params.ConversationSid);
      const args = { conversationSid, messageSid: request.params.Sid, key: reactionKey(request.body.Key) };
      return asCommand('addReaction', args, (decoded) =>
        reactions.addReaction(ctx, backendActor(request.body.Identity), decoded, {})
      );
    }
  );

  app.delete(
    '/v1/Conversations/:ConversationSid/Messages/:Sid/Reactions/:Key',
    {
      onRequest: write,
      schema: {
        ...common,
        summary: "Remove an identity's reaction from a message",
        params: ReactionParams,
        querystring: RemoveReactionQuery,
        response: { 204: NoContent, '4xx': ErrorBody }
      }
    },
    async (request, reply) => {
      const conversationSid = await resolveConversationSid(ctx, request.params.ConversationSid);
      const args = { conversationSid, messageSid: request.params.Sid, key: reactionKey(request.params.Key) };
      await asCommand('removeReaction', args, (decoded) =>
        reactions.removeReaction(ctx, backendActor(request.query.Identity), decoded, {})
      );
      return reply.code(204).send(null);
    }
  );

  app.get(
    '/v1/Users/:Identity/Messages',
    {
      onRequest: read,
      schema: {
        ...common,
        summary: 'Search the messages a user may read, newest first',
        params: UserParams,
        querystring: SearchQuery,
        response: { 200: SearchPage, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const { Query, ConversationSid, PageSize, PageToken } = request.query;
      const args = {
        query: Query,
        ...(ConversationSid === undefined ? {} : { conversationSid: ConversationSid }),
        ...(PageSize === undefined ? {} : { pageSize: PageSize }),
        ...(PageToken === undefined ? {} : { cursor: PageToken })
      };
      const result = await asCommand('searchMessages', args, (decoded) =>
        searchMessages(ctx, request.params.Identity, decoded)
      );
      return {
        messages: result.items.map((hit) => ({
          message: messageResource(baseUrl(), hit.message),
          highlights: hit.highlights
        })),
        meta: pageMeta(
          'messages',
          PageSize ?? LIMITS.defaultSearchPageSize,
          `${baseUrl()}${request.url}`,
          result.nextCursor
        )
      };
    }
  );
};

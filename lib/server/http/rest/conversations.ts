import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { backendActor } from '../../domain/access';
import * as conversations from '../../domain/conversations';
import { requireScope } from '../api-auth';
import { ErrorBody, NoContent } from '../schemas';
import { asCommand, renamed } from './command-args';
import type { RestDeps } from './rest-deps';
import { conversationResource, pageMeta } from './resources';
import {
  Conversation,
  ConversationPage,
  ConversationParams,
  CreateConversation,
  PageQuery,
  UpdateConversation
} from './schemas';

/**
 * Conversations: create, fetch by sid or unique name, list (latest activity first, paged),
 * update (POST, as the reference does), delete. Writes run the WebSocket commands' domain code
 * as a backend: the same rules, events to connected clients, and limits.
 */
export const conversationRoutes: FastifyPluginAsyncTypebox<RestDeps> = async (app, { ctx, auth, baseUrl }) => {
  const read = requireScope(auth, 'read');
  const write = requireScope(auth, 'write');
  const common = { tags: ['conversations'], security: [{ apiKey: [] }] };
  const sidOf = (sidOrName: string) => conversations.resolveConversationSid(ctx, sidOrName);

  app.post(
    '/v1/Conversations',
    {
      onRequest: write,
      schema: {
        ...common,
        summary: 'Create a conversation',
        body: CreateConversation,
        response: { 201: Conversation, '4xx': ErrorBody }
      }
    },
    async (request, reply) => {
      const body = request.body;
      const args = {
        friendlyName: body.FriendlyName,
        uniqueName: body.UniqueName,
        attributes: body.Attributes,
        isPrivate: body.IsPrivate
      };
      const { conversation } = await asCommand('createConversation', args, (decoded) =>
        conversations.createConversation(ctx, backendActor(), decoded, {})
      );
      return reply.code(201).send(conversationResource(baseUrl(), conversation));
    }
  );

  app.get(
    '/v1/Conversations',
    {
      onRequest: read,
      schema: {
        ...common,
        summary: 'List every conversation, latest activity first',
        querystring: PageQuery,
        response: { 200: ConversationPage, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const pageSize = request.query.PageSize ?? 50;
      const { items, nextCursor } = await renamed(() =>
        conversations.listConversations(ctx, request.query.PageToken ?? null, pageSize)
      );
      return {
        conversations: items.map((c) => conversationResource(baseUrl(), c)),
        meta: pageMeta('conversations', pageSize, `${baseUrl()}${request.url}`, nextCursor)
      };
    }
  );

  app.get(
    '/v1/Conversations/:ConversationSid',
    {
      onRequest: read,
      schema: {
        ...common,
        summary: 'Fetch a conversation by sid or unique name',
        params: ConversationParams,
        response: { 200: Conversation, '4xx': ErrorBody }
      }
    },
    async (request) =>
      conversationResource(baseUrl(), await conversations.fetchConversation(ctx, request.params.ConversationSid))
  );

  app.post(
    '/v1/Conversations/:ConversationSid',
    {
      onRequest: write,
      schema: {
        ...common,
        summary: 'Update a conversation',
        params: ConversationParams,
        body: UpdateConversation,
        response: { 200: Conversation, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const body = request.body;
      const sid = await sidOf(request.params.ConversationSid);
      const args = {
        sid,
        friendlyName: body.FriendlyName,
        uniqueName: body.UniqueName,
        attributes: body.Attributes,
        state: body.State
      };
      const updated = await asCommand('updateConversation', args, (decoded) =>
        conversations.updateConversation(ctx, backendActor(), decoded, {})
      );
      return conversationResource(baseUrl(), updated);
    }
  );

  app.delete(
    '/v1/Conversations/:ConversationSid',
    {
      onRequest: write,
      schema: {
        ...common,
        summary: 'Delete a conversation with its messages',
        params: ConversationParams,
        response: { 204: NoContent, '4xx': ErrorBody }
      }
    },
    async (request, reply) => {
      const sid = await sidOf(request.params.ConversationSid);
      await asCommand('deleteConversation', { sid }, (args) =>
        conversations.deleteConversation(ctx, backendActor(), args, {})
      );
      return reply.code(204).send(null);
    }
  );
};

import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorCode, LIMITS } from '../../../protocol';
import { backendActor } from '../../domain/access';
import { resolveConversationSid } from '../../domain/conversations';
import { DomainError } from '../../domain/errors';
import * as messages from '../../domain/messages';
import { requireScope } from '../api-auth';
import { ErrorBody, NoContent } from '../schemas';
import { asCommand, renamed } from './command-args';
import type { RestDeps } from './rest-deps';
import { messageResource, pageMeta } from './resources';
import {
  ConversationParams,
  CreateMessage,
  IdempotencyHeaders,
  Message,
  MessagePage,
  MessagePageQuery,
  MessageParams,
  UpdateMessage
} from './schemas';

/** Where a page of messages starts: `F<index>` forward from it (inclusive), `B<index>` backwards. */
function decodePageToken(token: string | undefined): { direction: 'forward' | 'backwards'; anchor: number } | null {
  if (token === undefined) return null;
  const match = /^([FB])(\d{1,15})$/.exec(token);
  if (!match) throw new DomainError(ErrorCode.BadRequest, 'PageToken is not one this server gave', 'PageToken');
  return { direction: match[1] === 'F' ? 'forward' : 'backwards', anchor: Number(match[2]) };
}

/**
 * A conversation's messages: send as any identity (`Author`) or as `system`, with an
 * `Idempotency-Key` header to make a retry one message; list paged in either order (`Order`),
 * with next and previous pages; fetch; update body or attributes (POST); remove.
 */
export const messageRoutes: FastifyPluginAsyncTypebox<RestDeps> = async (app, { ctx, auth, baseUrl }) => {
  const read = requireScope(auth, 'read');
  const write = requireScope(auth, 'write');
  const common = { tags: ['messages'], security: [{ apiKey: [] }] };
  const sidOf = (sidOrName: string) => resolveConversationSid(ctx, sidOrName);

  app.post(
    '/v1/Conversations/:ConversationSid/Messages',
    {
      onRequest: write,
      schema: {
        ...common,
        summary: 'Send a message',
        params: ConversationParams,
        headers: IdempotencyHeaders,
        body: CreateMessage,
        response: { 201: Message, '4xx': ErrorBody }
      }
    },
    async (request, reply) => {
      const conversationSid = await sidOf(request.params.ConversationSid);
      const body = request.body;
      const args = {
        conversationSid,
        key: request.headers['idempotency-key'] ?? randomUUID(),
        body: body.Body,
        attributes: body.Attributes,
        mediaSids: body.MediaSid,
        contentSid: body.ContentSid,
        contentVariables: body.ContentVariables,
        replyTo: body.ReplyTo
      };
      const sent = await asCommand('sendMessage', args, (decoded) =>
        messages.sendMessage(ctx, backendActor(body.Author), decoded, {})
      );
      return reply.code(201).send(messageResource(baseUrl(), sent));
    }
  );

  app.get(
    '/v1/Conversations/:ConversationSid/Messages',
    {
      onRequest: read,
      schema: {
        ...common,
        summary: 'List messages by index, ascending (default) or descending',
        params: ConversationParams,
        querystring: MessagePageQuery,
        response: { 200: MessagePage, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const conversationSid = await sidOf(request.params.ConversationSid);
      const order = request.query.Order ?? 'asc';
      const pageSize = request.query.PageSize ?? LIMITS.defaultMessagesPageSize;
      const at = decodePageToken(request.query.PageToken) ?? {
        direction: order === 'asc' ? 'forward' : 'backwards',
        anchor: null
      };
      const result = await asCommand(
        'getMessages',
        { conversationSid, direction: at.direction, anchor: at.anchor, pageSize },
        (args) => messages.getMessages(ctx, backendActor(), args)
      );
      const { items } = result;
      const first = items[0];
      const last = items[items.length - 1];
      // items ascend; `newer` and `older` are the tokens of the pages after and before them
      const newer = last && result.hasNextPage ? `F${last.index + 1}` : null;
      const older = first && result.hasPrevPage ? `B${first.index - 1}` : null;
      const [next, previous] = order === 'asc' ? [newer, older] : [older, newer];
      return {
        messages: (order === 'asc' ? items : [...items].reverse()).map((m) => messageResource(baseUrl(), m)),
        meta: pageMeta('messages', pageSize, `${baseUrl()}${request.url}`, next, previous)
      };
    }
  );

  app.get(
    '/v1/Conversations/:ConversationSid/Messages/:Sid',
    {
      onRequest: read,
      schema: {
        ...common,
        summary: 'Fetch a message',
        params: MessageParams,
        response: { 200: Message, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const conversationSid = await sidOf(request.params.ConversationSid);
      return messageResource(
        baseUrl(),
        await renamed(() => messages.getMessage(ctx, backendActor(), conversationSid, request.params.Sid))
      );
    }
  );

  app.post(
    '/v1/Conversations/:ConversationSid/Messages/:Sid',
    {
      onRequest: write,
      schema: {
        ...common,
        summary: "Update a message's body or attributes",
        params: MessageParams,
        body: UpdateMessage,
        response: { 200: Message, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const conversationSid = await sidOf(request.params.ConversationSid);
      const args = {
        conversationSid,
        messageSid: request.params.Sid,
        body: request.body.Body,
        attributes: request.body.Attributes
      };
      return messageResource(
        baseUrl(),
        await asCommand('updateMessage', args, (decoded) => messages.updateMessage(ctx, backendActor(), decoded, {}))
      );
    }
  );

  app.delete(
    '/v1/Conversations/:ConversationSid/Messages/:Sid',
    {
      onRequest: write,
      schema: {
        ...common,
        summary: 'Remove a message',
        params: MessageParams,
        response: { 204: NoContent, '4xx': ErrorBody }
      }
    },
    async (request, reply) => {
      const conversationSid = await sidOf(request.params.ConversationSid);
      await asCommand('removeMessage', { conversationSid, messageSid: request.params.Sid }, (args) =>
        messages.removeMessage(ctx, backendActor(), args, {})
      );
      return reply.code(204).send(null);
    }
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { backendActor } from '../../domain/access';
import type { DomainContext } from '../../domain/context';
import { resolveConversationSid } from '../../domain/conversations';
import * as participants from '../../domain/participants';
import { findRole, listRoles } from '../../domain/roles';
import { requireScope } from '../api-auth';
import { ErrorBody, NoContent } from '../schemas';
import { asCommand, renamed } from './command-args';
import type { RestDeps } from './rest-deps';
import { pageMeta, participantResource } from './resources';
import {
  ConversationParams,
  CreateParticipant,
  Participant,
  ParticipantPage,
  ParticipantParams,
  UpdateParticipant
} from './schemas';

/** Finds the sid of a role by name, from one reading of the roles. */
async function roleSids(ctx: DomainContext): Promise<(name: string) => string | null> {
  const roles = await listRoles(ctx);
  return (name) => roles.find((role) => role.friendlyName === name)?.sid ?? null;
}

/** The name of the conversation role a `RoleSid` (a sid or a name) refers to. */
async function roleName(ctx: DomainContext, ref: string | undefined): Promise<string | undefined> {
  return ref === undefined ? undefined : (await renamed(() => findRole(ctx, ref, 'args.role'))).friendlyName;
}

/**
 * A conversation's participants: add a chat participant by identity (with a role), list the
 * roster, fetch one by sid or identity, update attributes and role (POST), remove.
 */
export const participantRoutes: FastifyPluginAsyncTypebox<RestDeps> = async (app, { ctx, auth, baseUrl }) => {
  const read = requireScope(auth, 'read');
  const write = requireScope(auth, 'write');
  const common = { tags: ['participants'], security: [{ apiKey: [] }] };
  const sidOf = (sidOrName: string) => resolveConversationSid(ctx, sidOrName);
  const show = async (p: Parameters<typeof participantResource>[1]) =>
    participantResource(baseUrl(), p, await roleSids(ctx));

  app.post(
    '/v1/Conversations/:ConversationSid/Participants',
    {
      onRequest: write,
      schema: {
        ...common,
        summary: 'Add a chat participant by identity',
        params: ConversationParams,
        body: CreateParticipant,
        response: { 201: Participant, '4xx': ErrorBody }
      }
    },
    async (request, reply) => {
      const conversationSid = await sidOf(request.params.ConversationSid);
      const body = request.body;
      const args = {
        conversationSid,
        identity: body.Identity,
        attributes: body.Attributes,
        role: await roleName(ctx, body.RoleSid)
      };
      const added = await asCommand('addParticipant', args, (decoded) =>
        participants.addParticipant(ctx, backendActor(), decoded, {})
      );
      return reply.code(201).send(await show(added));
    }
  );

  app.get(
    '/v1/Conversations/:ConversationSid/Participants',
    {
      onRequest: read,
      schema: {
        ...common,
        summary: 'The roster, oldest first',
        params: ConversationParams,
        response: { 200: ParticipantPage, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const conversationSid = await sidOf(request.params.ConversationSid);
      const { items } = await asCommand('listParticipants', { conversationSid }, (args) =>
        participants.listParticipants(ctx, backendActor(), args)
      );
      const sids = await roleSids(ctx);
      return {
        participants: items.map((p) => participantResource(baseUrl(), p, sids)),
        meta: pageMeta('participants', items.length, `${baseUrl()}${request.url}`, null)
      };
    }
  );

  app.get(
    '/v1/Conversations/:ConversationSid/Participants/:Sid',
    {
      onRequest: read,
      schema: {
        ...common,
        summary: 'Fetch a participant by sid or identity',
        params: ParticipantParams,
        response: { 200: Participant, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const conversationSid = await sidOf(request.params.ConversationSid);
      return show(
        await renamed(() => participants.getParticipant(ctx, backendActor(), conversationSid, request.params.Sid))
      );
    }
  );

  app.post(
    '/v1/Conversations/:ConversationSid/Participants/:Sid',
    {
      onRequest: write,
      schema: {
        ...common,
        summary: "Update a participant's attributes or role",
        params: ParticipantParams,
        body: UpdateParticipant,
        response: { 200: Participant, '4xx': ErrorBody }
      }
    },
    async (request) => {
      const conversationSid = await sidOf(request.params.ConversationSid);
      const target = await renamed(() =>
        participants.getParticipant(ctx, backendActor(), conversationSid, request.params.Sid)
      );
      const args = {
        conversationSid,
        participantSid: target.sid,
        attributes: request.body.Attributes,
        role: await roleName(ctx, request.body.RoleSid)
      };
      return show(
        await asCommand('updateParticipant', args, (decoded) =>
          participants.updateParticipant(ctx, backendActor(), decoded, {})
        )
      );
    }
  );

  app.delete(
    '/v1/Conversations/:ConversationSid/Participants/:Sid',
    {
      onRequest: write,
      schema: {
        ...common,
        summary: 'Remove a participant',
        params: ParticipantParams,
        response: { 204: NoContent, '4xx': ErrorBody }
      }
    },
    async (request, reply) => {
      const conversationSid = await sidOf(request.params.ConversationSid);
      const target = await renamed(() =>
        participants.getParticipant(ctx, backendActor(), conversationSid, request.params.Sid)
      );
      await asCommand('removeParticipant', { conversationSid, participantSid: target.sid }, (args) =>
        participants.removeParticipant(ctx, backendActor(), args, {})
      );
      return reply.code(204).send(null);
    }
  );
};

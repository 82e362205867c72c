import { ErrorCode, type MediaData } from '../../../lib/protocol';
import { CONVERSATION_PERMISSIONS, DEFAULT_ROLES, type Permission } from '../../../lib/server/domain/permissions';
import type { TestClient } from '../helpers/client';
import { type Refusal, type Resource, type Rest, readJson, restClient } from '../helpers/rest';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();
jest.setTimeout(60000);

const KEY = 'matrix-admin-key-0123';

/**
 * A conversation made through REST: `actor` holds `role`, `other` and `victim` are plain users, each
 * with a message.
 */
async function stage(rest: Rest, role: string, isPrivate = true) {
  const sid = (await rest<Resource<'Conversation'>>('POST', '/v1/Conversations', { IsPrivate: isPrivate })).body.sid;
  for (const [identity, roleSid] of [
    ['actor', role],
    ['other', 'user'],
    ['victim', 'user']
  ]) {
    expect(
      (await rest('POST', `/v1/Conversations/${sid}/Participants`, { Identity: identity, RoleSid: roleSid })).status
    ).toBe(201);
  }
  const send = async (author: string, body: string) =>
    (await rest<Resource<'Message'>>('POST', `/v1/Conversations/${sid}/Messages`, { Author: author, Body: body })).body
      .sid;
  const participant = async (identity: string) =>
    (await rest<Resource<'Participant'>>('GET', `/v1/Conversations/${sid}/Participants/${identity}`)).body.sid;
  const mine = await send('actor', 'mine');
  const theirs = await send('other', 'theirs');
  const victim = await participant('victim');
  const self = await participant('actor');
  return { sid, mine, theirs, victim, self };
}

type Stage = Awaited<ReturnType<typeof stage>>;

/** For each conversation permission, the one command that needs it, run by the actor. */
const PROBES: Record<
  (typeof CONVERSATION_PERMISSIONS)[number],
  (actor: TestClient, s: Stage, role: string) => Promise<unknown>
> = {
  sendMessage: (a, s) => a.request('sendMessage', { conversationSid: s.sid, key: 'k', body: 'hello' }),
  sendMediaMessage: () => Promise.resolve(null), // run apart: it needs an upload
  leaveConversation: (a, s) => a.request('leaveConversation', { conversationSid: s.sid }),
  addParticipant: (a, s, role) => a.request('addParticipant', { conversationSid: s.sid, identity: 'newbie', role }),
  removeParticipant: (a, s) => a.request('removeParticipant', { conversationSid: s.sid, participantSid: s.victim }),
  editConversationName: (a, s) => a.request('updateConversation', { sid: s.sid, friendlyName: 'renamed' }),
  editConversationAttributes: (a, s) => a.request('updateConversation', { sid: s.sid, attributes: { topic: 'x' } }),
  deleteConversation: (a, s) => a.request('deleteConversation', { sid: s.sid }),
  editOwnMessage: (a, s) => a.request('updateMessage', { conversationSid: s.sid, messageSid: s.mine, body: 'edited' }),
  editAnyMessage: (a, s) =>
    a.request('updateMessage', { conversationSid: s.sid, messageSid: s.theirs, body: 'edited' }),
  editOwnMessageAttributes: (a, s) =>
    a.request('updateMessage', { conversationSid: s.sid, messageSid: s.mine, attributes: { r: 1 } }),
  editAnyMessageAttributes: (a, s) =>
    a.request('updateMessage', {
      conversationSid: s.sid,
      messageSid: s.theirs,
      attributes: { reactions: { '👍': ['actor'] } }
    }),
  deleteOwnMessage: (a, s) => a.request('removeMessage', { conversationSid: s.sid, messageSid: s.mine }),
  deleteAnyMessage: (a, s) => a.request('removeMessage', { conversationSid: s.sid, messageSid: s.theirs }),
  editOwnParticipantAttributes: (a, s) =>
    a.request('updateParticipant', { conversationSid: s.sid, participantSid: s.self, attributes: { away: true } }),
  editAnyParticipantAttributes: (a, s) =>
    a.request('updateParticipant', { conversationSid: s.sid, participantSid: s.victim, attributes: { muted: true } }),
  editNotificationLevel: (a, s) => a.request('setNotificationLevel', { conversationSid: s.sid, level: 'muted' })
};

/** Allowed, or the error code of the refusal. */
function outcome(reply: unknown): 'allowed' | number {
  const frame = reply as { error?: { code: number } };
  return frame.error ? frame.error.code : 'allowed';
}

describe('the permission matrix', () => {
  it('each conversation permission allows its command, its absence refuses it: default, custom roles', async () => {
    const { server, connect } = await world({ adminKey: KEY });
    const rest = restClient(server.httpUrl, KEY);
    // the app whose users react to others' messages: a role that may send and annotate any message, no more
    const custom = await rest<Resource<'Role'>>('POST', '/v1/Roles', {
      FriendlyName: 'reactor',
      Type: 'conversation',
      Permission: ['sendMessage', 'editAnyMessageAttributes']
    });
    expect(custom.status).toBe(201);
    const actor = await connect('actor');
    const roles: Record<string, readonly string[]> = {
      user: DEFAULT_ROLES.find((r) => r.friendlyName === 'user')!.permissions,
      admin: DEFAULT_ROLES.find((r) => r.friendlyName === 'admin')!.permissions,
      reactor: custom.body.permissions
    };
    const service = new Set<string>(DEFAULT_ROLES.find((r) => r.friendlyName === 'service user')!.permissions);
    const rows: string[] = [];
    for (const [role, permissions] of Object.entries(roles)) {
      const granted = new Set<string>([...permissions, ...service]);
      for (const permission of CONVERSATION_PERMISSIONS) {
        if (permission === 'sendMediaMessage') continue;
        const s = await stage(rest, role);
        const result = outcome(await PROBES[permission](actor, s, role));
        const expected = granted.has(permission) ? 'allowed' : ErrorCode.Forbidden;
        rows.push(`${role} ${permission} ${result === expected ? 'ok' : `expected ${expected}, got ${result}`}`);
      }
    }
    expect(rows.filter((row) => !row.endsWith(' ok'))).toEqual([]);
    expect(rows).toHaveLength(3 * (CONVERSATION_PERMISSIONS.length - 1));
  });

  it('sendMediaMessage is needed to send with media, sendMessage alone for text', async () => {
    const { server, connect } = await world({ adminKey: KEY });
    const rest = restClient(server.httpUrl, KEY);
    await rest('POST', '/v1/Roles', { FriendlyName: 'texter', Type: 'conversation', Permission: ['sendMessage'] });
    const actor = await connect('actor');
    const upload = async () => {
      const token = await server.issueToken('actor');
      const answer = await fetch(`${server.httpUrl}/v1/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
        body: new Uint8Array(8)
      });
      return (await readJson<MediaData>(answer)).sid;
    };
    for (const [role, allowed] of [
      ['texter', false],
      ['user', true]
    ] as const) {
      const s = await stage(rest, role);
      expect(outcome(await actor.request('sendMessage', { conversationSid: s.sid, key: 'text', body: 'hi' }))).toBe(
        'allowed'
      );
      const reply = await actor.request('sendMessage', {
        conversationSid: s.sid,
        key: 'media',
        mediaSids: [await upload()]
      });
      expect([role, outcome(reply)]).toEqual([role, allowed ? 'allowed' : ErrorCode.Forbidden]);
    }
  });

  it('service permissions come from the user’s service role (REST): create, join, edit one’s profile', async () => {
    const { server, connect } = await world({ adminKey: KEY });
    const rest = restClient(server.httpUrl, KEY);
    const publicSid = (await rest<Resource<'Conversation'>>('POST', '/v1/Conversations', { IsPrivate: false })).body
      .sid;
    expect(
      (await rest('POST', '/v1/Roles', { FriendlyName: 'observer', Type: 'service', Permission: [] })).status
    ).toBe(201);
    const probes: Record<string, (c: TestClient) => Promise<unknown>> = {
      createConversation: (c) => c.request('createConversation', {}),
      joinConversation: (c) => c.request('joinConversation', { conversationSid: publicSid }),
      editOwnUserInfo: (c) => c.request('updateUser', { friendlyName: 'me' })
    };
    const roles: Record<string, readonly Permission[]> = {
      'service user': DEFAULT_ROLES.find((r) => r.friendlyName === 'service user')!.permissions,
      'service admin': DEFAULT_ROLES.find((r) => r.friendlyName === 'service admin')!.permissions,
      observer: []
    };
    const rows: string[] = [];
    for (const [role, permissions] of Object.entries(roles)) {
      const identity = `u-${role.replace(' ', '-')}`;
      const user = await rest<Resource<'User'>>('POST', '/v1/Users', { Identity: identity, RoleSid: role });
      expect(user.body.role_sid).toMatch(/^RL/);
      const client = await connect(identity);
      for (const [permission, probe] of Object.entries(probes)) {
        const expected = permissions.includes(permission as Permission) ? 'allowed' : ErrorCode.Forbidden;
        const result = outcome(await probe(client));
        rows.push(`${role} ${permission} ${result === expected ? 'ok' : `expected ${expected}, got ${result}`}`);
      }
    }
    expect(rows.filter((row) => !row.endsWith(' ok'))).toEqual([]);
  });

  it('a role changed through REST takes effect at the next command; roles in use or default stay', async () => {
    const { server, connect } = await world({ adminKey: KEY });
    const rest = restClient(server.httpUrl, KEY);
    const actor = await connect('actor');
    const s = await stage(rest, 'user');
    const react = () =>
      actor.request('updateMessage', {
        conversationSid: s.sid,
        messageSid: s.theirs,
        attributes: { reactions: ['👍'] }
      });
    expect(outcome(await react())).toBe(ErrorCode.Forbidden);
    const userRole = (await rest<Resource<'Role'>>('GET', '/v1/Roles/user')).body;
    const widened = await rest<Resource<'Role'>>('POST', `/v1/Roles/${userRole.sid}`, {
      Permission: [...userRole.permissions, 'editAnyMessageAttributes']
    });
    expect(widened.body.permissions).toContain('editAnyMessageAttributes');
    expect(outcome(await react())).toBe('allowed');
    expect((await rest<Resource<'RolePage'>>('GET', '/v1/Roles')).body.roles.map((r) => r.friendly_name)).toEqual([
      'service user',
      'service admin',
      'user',
      'admin'
    ]);

    const refused = async (method: string, path: string, body: unknown, status: number, field?: string) => {
      const answer = await rest<Refusal>(method, path, body);
      expect([method, path, answer.status, answer.body?.error?.path]).toEqual([method, path, status, field]);
    };
    await refused('DELETE', '/v1/Roles/user', undefined, 409);
    await refused(
      'POST',
      '/v1/Roles',
      { FriendlyName: 'user', Type: 'conversation', Permission: [] },
      409,
      'FriendlyName'
    );
    await refused(
      'POST',
      '/v1/Roles',
      { FriendlyName: 'x', Type: 'conversation', Permission: ['createConversation'] },
      400,
      'Permission.0'
    );
    await refused('POST', '/v1/Roles', { FriendlyName: 'x', Type: 'galaxy', Permission: [] }, 400, 'Type');
    await refused('POST', '/v1/Roles', { FriendlyName: 'x', Type: 'service' }, 400, 'Permission');
    await refused('POST', '/v1/Roles/nope', { Permission: [] }, 404, undefined);
    await refused('GET', '/v1/Roles/nope', undefined, 404, 'Sid');
    const temp = (
      await rest<Resource<'Role'>>('POST', '/v1/Roles', {
        FriendlyName: 'temp',
        Type: 'conversation',
        Permission: ['sendMessage']
      })
    ).body;
    await rest('POST', `/v1/Conversations/${s.sid}/Participants/victim`, { RoleSid: temp.sid });
    await refused('DELETE', `/v1/Roles/${temp.sid}`, undefined, 409);
    await rest('POST', `/v1/Conversations/${s.sid}/Participants/victim`, { RoleSid: 'user' });
    expect((await rest('DELETE', `/v1/Roles/${temp.sid}`)).status).toBe(204);
    await refused(
      'POST',
      `/v1/Conversations/${s.sid}/Participants/victim`,
      { RoleSid: 'service user' },
      404,
      'RoleSid'
    );
  });
});

import { SignJWT } from 'jose';
import { type CommandName, ErrorCode, type MediaData, commandCodecs, decode } from '../../../lib/protocol';
import { TestClient, openSocket } from '../../server/helpers/client';
import { readJson } from '../../server/helpers/rest';
import { TEST_SECRET } from '../../server/helpers/server';
import { cleanupAfterEach, world } from '../../server/helpers/setup';
import { report } from '../helpers/report';
import {
  type Actor,
  type Args,
  COLUMNS,
  HANDSHAKE_COLUMNS,
  NO_SUCH_CONVERSATION,
  ROWS,
  type Row,
  type Scene,
  expected
} from './rows';

cleanupAfterEach();

/** A token for `identity` signed with a secret the server does not have. */
function forgedToken(identity: string, url: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ grants: ['conversations'], url })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(identity)
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(new TextEncoder().encode(`not-${TEST_SECRET}`));
}

/** Replaces every conversation sid in the arguments by one that exists nowhere. */
function elsewhere(args: Args): Args {
  const out: Args = { ...args };
  for (const key of ['sid', 'conversationSid']) if (key in out) out[key] = NO_SUCH_CONVERSATION;
  return out;
}

describe('access: every command × every kind of caller', () => {
  it('refuses each refused case with the documented code, leaking nothing; each allowed one works', async () => {
    const { server, connect } = await world({ durability: 'normal' });
    const actors: Record<string, Actor> = {};
    for (const identity of ['ann', 'uma', 'pat', 'eve', 'otto'])
      actors[identity] = { identity, client: await connect(identity) };
    const { ann, uma, pat, eve, otto } = actors;
    const byColumn: Record<
      'otherIdentity' | 'nonParticipant' | 'participant' | 'author' | 'admin' | 'publicNonParticipant',
      Actor
    > = {
      otherIdentity: eve,
      nonParticipant: otto,
      participant: pat,
      author: uma,
      admin: ann,
      publicNonParticipant: otto
    };
    const token = (identity: string) => server.issueToken(identity);

    /** A fresh conversation for one case, so destructive commands do not disturb the next. */
    async function scene(isPrivate: boolean): Promise<Scene> {
      const { conversation } = await ann.client.call('createConversation', { isPrivate });
      const sid: string = conversation.sid;
      await ann.client.call('addParticipant', { conversationSid: sid, identity: 'uma' });
      const patParticipant = (await ann.client.call('addParticipant', { conversationSid: sid, identity: 'pat' })).sid;
      await ann.client.call('addParticipant', { conversationSid: sid, identity: 'eve' });
      const upload = await fetch(`${server.httpUrl}/v1/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await token('ann')}`, 'content-type': 'image/png' },
        body: new Uint8Array(16)
      });
      const mediaSid = (await readJson<MediaData>(upload)).sid;
      await ann.client.call('sendMessage', {
        conversationSid: sid,
        key: `media-${sid}`,
        body: 'a picture',
        mediaSids: [mediaSid]
      });
      const umaMessage = (
        await uma.client.call('sendMessage', { conversationSid: sid, key: `uma-${sid}`, body: 'by uma' })
      ).sid;
      return { sid, patParticipant, umaMessage, mediaSid, token };
    }

    /** What the conversation looks like to its admin: must not change when a case is refused. */
    async function snapshot(s: Scene) {
      return {
        conversation: await ann.client.call('peekConversation', { sid: s.sid }),
        participants: (await ann.client.call('listParticipants', { conversationSid: s.sid })).items,
        messages: (await ann.client.call('getMessages', { conversationSid: s.sid })).items
      };
    }

    // generated from the command list: a command without a row fails here
    const commands = Object.keys(commandCodecs) as CommandName[];
    expect(commands.filter((command) => !(command in ROWS))).toEqual([]);

    const tally = { allowed: 0, refused: 0, hidden: 0, refusedAtHandshake: 0 };
    const failures: string[] = [];
    const shared = await scene(true);
    const leaks = (text: string, s: Scene) =>
      [s.sid, s.patParticipant, s.umaMessage, s.mediaSid].filter((secret) => text.includes(secret));

    for (const command of commands) {
      const row: Row = ROWS[command];
      for (const column of COLUMNS) {
        const label = `${command} × ${column}`;
        const outcome = expected(row, column);

        if (HANDSHAKE_COLUMNS.includes(column)) {
          // the request goes right behind the handshake, as a client's queued request would
          const client = new TestClient(await openSocket(server.url));
          const handshake: Record<string, unknown> = { type: 'handshake', protocol: 1 };
          if (column === 'forged') handshake.token = await forgedToken('ann', server.url);
          if (column === 'expired') handshake.token = await server.issueToken('ann', { ttlSeconds: -60 });
          if (column === 'wrongGrants') handshake.token = await server.issueToken('ann', { grants: ['chat'] });
          client.sendRaw(handshake);
          client.sendRaw({ type: 'request', id: 1, command, args: await row.args(shared, ann) });
          // a handshake without a token is a bad handshake: denied (BadRequest, path token) like the others
          const want = {
            noToken: ErrorCode.BadRequest,
            forged: ErrorCode.TokenInvalid,
            expired: ErrorCode.TokenExpired,
            wrongGrants: ErrorCode.TokenGrantMissing
          }[column as 'noToken'];
          const got = (await client.waitFrame((f) => f.type === 'denied')).error;
          if ((await client.closed).code !== 4001) failures.push(`${label}: not closed with 4001`);
          if (client.frames.some((f) => f.type === 'reply' && f.id === 1))
            failures.push(`${label}: the request was answered after a denial`);
          if (got?.code !== want) failures.push(`${label}: expected ${want}, got ${JSON.stringify(got)}`);
          if (
            JSON.stringify(client.frames).includes('"result"') ||
            leaks(JSON.stringify(client.frames), shared).length > 0
          )
            failures.push(`${label}: leaked`);
          client.ws.terminate();
          tally.refusedAtHandshake++;
          continue;
        }

        const actor = byColumn[column as keyof typeof byColumn];
        const s = await scene(column !== 'publicNonParticipant');
        const args = await row.args(s, actor);
        const before = outcome === 'ok' ? null : await snapshot(s);
        const reply = await actor.client.request(command, args);
        if (outcome === 'ok') {
          if (reply.error) {
            failures.push(`${label}: expected to work, got ${JSON.stringify(reply.error)}`);
            continue;
          }
          const result = decode(commandCodecs[command].result as import('io-ts').Mixed, reply.result, 'result');
          if (!result.ok) failures.push(`${label}: result does not decode: ${result.message}`);
          if (
            command === 'listMyConversations' &&
            column === 'nonParticipant' &&
            JSON.stringify(reply.result).includes(s.sid)
          )
            failures.push(`${label}: lists a conversation it is not in`);
          tally.allowed++;
          continue;
        }
        const code = outcome === 'hidden' ? ErrorCode.NotFound : outcome;
        if (!reply.error || reply.error.code !== code) {
          failures.push(`${label}: expected ${code}, got ${JSON.stringify(reply.error ?? reply.result).slice(0, 200)}`);
          continue;
        }
        if (leaks(JSON.stringify(reply.error), s).length > 0)
          failures.push(`${label}: the error names ${leaks(JSON.stringify(reply.error), s).join(',')}`);
        if (outcome === 'hidden') {
          // a non-participant cannot tell it exists: the very same error as for nothing at all
          const nothing = await actor.client.request(command, row.missing ? row.missing(s, actor) : elsewhere(args));
          if (JSON.stringify(nothing.error) !== JSON.stringify(reply.error)) {
            failures.push(
              `${label}: ${JSON.stringify(reply.error)} differs from the answer about nothing ` +
                JSON.stringify(nothing.error)
            );
          }
          tally.hidden++;
        }
        const after = await snapshot(s);
        if (JSON.stringify(after) !== JSON.stringify(before))
          failures.push(`${label}: refused, but the conversation changed`);
        tally.refused++;
      }
    }

    expect(failures).toEqual([]);
    // no one saw an event of a conversation they are not in
    const seen = otto.client.events.filter(
      (e) => e.name !== 'userUpdated' && JSON.stringify(e.data).includes(shared.sid)
    );
    expect(seen).toEqual([]);
    report('access-matrix', {
      commands: commands.length,
      columns: COLUMNS.length,
      cases: commands.length * COLUMNS.length,
      ...tally
    });
  }, 180000);
});

import { expect } from '@jest/globals';
import { type CommandResult, type ContentTemplateData, ErrorCode } from '../../../lib/protocol';
import { type Refusal, readJson } from '../helpers/rest';
import { cleanupAfterEach, world } from '../helpers/setup';
import { ADMIN, EVERY_VARIANT } from '../helpers/templates';

cleanupAfterEach();

async function admin(httpUrl: string, method: string, path = '', body?: unknown, key = ADMIN) {
  return fetch(`${httpUrl}/v1/admin/templates${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  });
}

describe('content templates', () => {
  it('are created, listed, read and deleted through the admin API, and listed to every user', async () => {
    const { server, connect } = await world({ adminKey: ADMIN });
    const created = await admin(server.httpUrl, 'POST', '', EVERY_VARIANT);
    expect(created.status).toBe(201);
    const template = await readJson<ContentTemplateData>(created);
    expect(template).toMatchObject({
      sid: expect.stringMatching(/^HX/),
      friendlyName: 'order update',
      variables: EVERY_VARIANT.variables
    });
    expect(Object.keys(template.variants)).toEqual(Object.keys(EVERY_VARIANT.variants));
    const list = await readJson<CommandResult<'getContentTemplates'>>(await admin(server.httpUrl, 'GET'));
    expect(list.items).toEqual([template]);
    expect(await readJson(await admin(server.httpUrl, 'GET', `/${template.sid}`))).toEqual(template);

    const alice = await connect('alice');
    expect((await alice.call('getContentTemplates', {})).items).toEqual([template]);

    expect((await admin(server.httpUrl, 'DELETE', `/${template.sid}`)).status).toBe(204);
    expect((await admin(server.httpUrl, 'DELETE', `/${template.sid}`)).status).toBe(404);
    expect((await alice.call('getContentTemplates', {})).items).toEqual([]);
  });

  it('refuses without the admin key, and refuses bad templates naming the field', async () => {
    const { server } = await world({ adminKey: ADMIN });
    expect((await admin(server.httpUrl, 'GET', '', undefined, 'wrong')).status).toBe(401);
    const bad = async (body: unknown) => {
      const response = await admin(server.httpUrl, 'POST', '', body);
      expect(response.status).toBe(400);
      return (await readJson<Refusal>(response)).error;
    };
    expect(await bad({ friendlyName: 'x', variants: {} })).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'variants'
    });
    expect(await bad({ friendlyName: 'x', variants: { 'twilio/text': {} } })).toMatchObject({
      path: 'variants.twilio/text.body'
    });
    expect(
      await bad({
        friendlyName: 'x',
        variants: { 'twilio/card': { title: 'c', actions: [{ type: 'FAX', title: 'f' }] } }
      })
    ).toMatchObject({
      code: ErrorCode.BadRequest
    });
    expect(
      await bad({ friendlyName: 'x', variables: { 'bad name': 'v' }, variants: { 'twilio/text': { body: 'b' } } })
    ).toMatchObject({
      path: 'variables.bad name'
    });
    expect(await bad({ variants: { 'twilio/text': { body: 'b' } } })).toMatchObject({ path: 'friendlyName' });
    expect(await bad({ friendlyName: 'x', variants: { other: 'not an object' } })).toMatchObject({
      path: 'variants.other'
    });
  });

  it('is refused to every key when the server has no admin key', async () => {
    const { server } = await world();
    expect((await admin(server.httpUrl, 'GET')).status).toBe(401);
  });

  it('a message sent with a template carries its sid and variables; unknown templates, variables refused', async () => {
    const { server, connect } = await world({ adminKey: ADMIN });
    const template = await readJson<ContentTemplateData>(await admin(server.httpUrl, 'POST', '', EVERY_VARIANT));
    const alice = await connect('alice');
    const { conversation } = await alice.call('createConversation', {});
    const sid = conversation.sid;
    const message = await alice.call('sendMessage', {
      conversationSid: sid,
      key: 'k',
      contentSid: template.sid,
      contentVariables: { name: 'Ann' }
    });
    expect(message).toMatchObject({ contentSid: template.sid, contentVariables: { name: 'Ann' }, type: 'text' });
    const page = await alice.call('getMessages', { conversationSid: sid });
    expect(page.items[0]).toMatchObject({ contentSid: template.sid, contentVariables: { name: 'Ann' } });
    expect(await alice.fail('sendMessage', { conversationSid: sid, key: 'a', contentSid: 'HXnone' })).toMatchObject({
      code: ErrorCode.NotFound,
      path: 'args.contentSid'
    });
    expect(
      await alice.fail('sendMessage', {
        conversationSid: sid,
        key: 'b',
        contentSid: template.sid,
        contentVariables: { nope: 'x' }
      })
    ).toMatchObject({
      code: ErrorCode.BadRequest,
      path: 'args.contentVariables.nope'
    });
    expect(
      await alice.fail('sendMessage', { conversationSid: sid, key: 'c', contentVariables: { name: 'x' } })
    ).toMatchObject({
      path: 'args.contentVariables'
    });
  });
});

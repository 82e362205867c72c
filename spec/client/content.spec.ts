import { expect } from '@jest/globals';
import { firstValueFrom } from 'rxjs';
import { CancellablePromise, ContentTemplate, ContentTemplateVariable, ErrorCode } from '../../lib/client';
import { ADMIN, EVERY_VARIANT, createTemplate } from '../server/helpers/templates';
import { clientWorld, type ClientWorld } from './world';

describe('content templates through the client', () => {
  let world: ClientWorld;
  afterEach(async () => {
    await world.close();
  });

  it('getContentTemplates answers frozen templates with every variant parsed', async () => {
    world = await clientWorld({ adminKey: ADMIN });
    const created = await createTemplate(world.server.httpUrl);
    const alice = await world.client('alice');
    const templates = await alice.getContentTemplates();
    expect(Object.isFrozen(templates)).toBe(true);
    expect(templates).toHaveLength(1);
    const template = templates[0];
    expect(template).toBeInstanceOf(ContentTemplate);
    expect(Object.isFrozen(template)).toBe(true);
    expect(template.sid).toBe(created.sid);
    expect(template.friendlyName).toBe('order update');
    expect(template.dateCreated).toBeInstanceOf(Date);
    expect(template.variables.map((v) => [v.name, v.value])).toEqual([
      ['name', 'customer'],
      ['order', '0']
    ]);
    expect(template.variables[0]).toBeInstanceOf(ContentTemplateVariable);
    const v = template.variants;
    expect(v.get('twilio/text')).toMatchObject({ type: 'text', body: 'Hi {{name}}, order {{order}} shipped' });
    expect(v.get('twilio/media')).toMatchObject({
      type: 'media',
      body: 'Your receipt',
      media: ['https://example.com/{{order}}.pdf']
    });
    expect(v.get('twilio/location')).toMatchObject({
      type: 'location',
      latitude: 48.85,
      longitude: 2.35,
      label: 'Shop'
    });
    expect(v.get('twilio/quick-reply')).toMatchObject({
      type: 'quickReply',
      replies: [{ title: 'Good', id: 'g' }, { title: 'Bad' }]
    });
    expect(v.get('twilio/call-to-action')).toMatchObject({
      type: 'callToAction',
      actions: [
        { type: 'url', title: 'Open', url: 'https://example.com/o/{{order}}' },
        { type: 'phone', title: 'Call', phone: '+15550100' }
      ]
    });
    expect(v.get('twilio/list-picker')).toMatchObject({
      type: 'listPicker',
      button: 'Options',
      items: [
        { id: 'a', item: 'First', description: 'the first' },
        { id: 'b', item: 'Second' }
      ]
    });
    expect(v.get('twilio/card')).toMatchObject({
      type: 'card',
      title: 'Order {{order}}',
      subtitle: 'on its way',
      media: ['https://example.com/c.png'],
      actions: [
        { type: 'reply', title: 'Thanks', id: 't', index: 0 },
        { type: 'url', title: 'Site', url: 'https://example.com' }
      ]
    });
    expect(v.get('acme/sticker')).toEqual({ type: 'other', rawData: '{"id":42}' });
    expect(JSON.parse(v.get('twilio/text')!.rawData)).toEqual(EVERY_VARIANT.variants['twilio/text']);
    // cached for 5 s: the same frozen list
    expect(await alice.getContentTemplates()).toBe(templates);
  });

  it('a message sent with a template carries it; getContentData fills in its variables and the defaults', async () => {
    world = await clientWorld({ adminKey: ADMIN });
    const { sid } = await createTemplate(world.server.httpUrl);
    const alice = await world.client('alice');
    const bob = await world.client('bob');
    const joined = firstValueFrom(bob.conversationJoined$);
    const conversation = await alice.createConversation();
    await conversation.add('bob');
    const bobs = await joined;
    const [template] = await alice.getContentTemplates();
    const name = template.variables.find((variable) => variable.name === 'name')!.copyWithValue('Ann');
    expect(name).toEqual(new ContentTemplateVariable('name', 'Ann'));
    const arrived = firstValueFrom(bobs.messageAdded$);
    await conversation
      .prepareMessage()
      .setBody('ignored')
      .setContentTemplate(sid, [name])
      .setAttributes({ x: 1 })
      .buildAndSend();
    const message = await arrived;
    expect(message.contentSid).toBe(sid);
    expect(message.body).toBeNull();
    expect(message.attributes).toEqual({ x: 1 });
    const content = message.getContentData();
    expect(content).toBeInstanceOf(CancellablePromise);
    expect(await content).toEqual({
      type: 'text',
      body: 'Hi Ann, order 0 shipped',
      rawData: JSON.stringify({ body: 'Hi Ann, order 0 shipped' })
    });

    const plain = firstValueFrom(bobs.messageAdded$);
    await conversation.sendMessage('no template');
    expect(await (await plain).getContentData()).toBeNull();

    await expect(conversation.prepareMessage().setContentTemplate('HXnone').buildAndSend()).rejects.toMatchObject({
      code: ErrorCode.NotFound
    });
    expect(() => conversation.prepareMessage().setContentTemplate('')).toThrow(
      expect.objectContaining({ code: ErrorCode.BadRequest })
    );
    expect(() => new ContentTemplateVariable('', 'x')).toThrow(expect.objectContaining({ code: ErrorCode.BadRequest }));
  });
});

import { expect } from '@jest/globals';
import { firstValueFrom } from 'rxjs';
import {
  CancellablePromise,
  ConversationsError,
  ErrorCode,
  Media,
  MessageBuilder,
  UnsentMessage,
  isPendingMessage,
  selectMessages
} from '../../lib/client';
import { waitFor } from '../helpers/wait';
import { clientWorld, type ClientWorld } from './world';

const png = (n: number) => new Uint8Array(n).fill(9);

describe('media through the client', () => {
  let world: ClientWorld;
  afterEach(async () => {
    await world.close();
  });

  async function pair(options = {}) {
    world = await clientWorld(options);
    const alice = await world.client('alice');
    const bob = await world.client('bob');
    const joined = firstValueFrom(bob.conversationJoined$);
    const conversation = await alice.createConversation({ friendlyName: 'media' });
    await conversation.add('bob');
    const bobs = await joined;
    const eve = await world.client('eve');
    return { alice, bob, eve, conversation, bobs };
  }

  it('sends SendMediaOptions and FormData; the receiver reads Media, fetches bytes via a temporary URL', async () => {
    const { bob, conversation, bobs } = await pair();
    const arrived = firstValueFrom(bobs.messageAdded$);
    const index = await conversation.sendMessage(
      { contentType: 'image/png', filename: 'a.png', media: png(1234) },
      { kind: 'photo' }
    );
    expect(index).toBe(0);
    const message = await arrived;
    expect(message.type).toBe('media');
    expect(message.attributes).toEqual({ kind: 'photo' });
    expect(message.attachedMedia).toHaveLength(1);
    const media = message.media as Media;
    expect(media).toBeInstanceOf(Media);
    expect(media).toMatchObject({ filename: 'a.png', contentType: 'image/png', size: 1234, category: 'media' });
    expect(message.attachedMedia?.[0]).toBe(media);
    expect(message.getMediaByCategories(['body', 'history'])).toEqual([]);
    expect(message.getMediaByCategory(['media'])).toEqual([media]);

    const url = await media.getContentTemporaryUrl();
    const response = await fetch(url as string);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(png(1234));

    const form = new FormData();
    form.append('file', new Blob([png(10)], { type: 'application/pdf' }), 'doc.pdf');
    const second = firstValueFrom(bobs.messageAdded$);
    await conversation.sendMessage(form);
    expect((await second).media).toMatchObject({ filename: 'doc.pdf', contentType: 'application/pdf', size: 10 });

    const urls = await bob.getTemporaryContentUrlsForMediaSids([media.sid, (await second).media!.sid]);
    expect([...urls.keys()].sort()).toEqual([media.sid, (await second).media!.sid].sort());
    expect((await bob.getTemporaryContentUrlsForMedia([media])).get(media.sid)).toContain('/content?');
    expect((await message.getTemporaryContentUrlsForAttachedMedia()).size).toBe(1);
    expect((await message.getTemporaryContentUrlsForMedia([media])).size).toBe(1);
    expect((await message.getTemporaryContentUrlsForMediaSids([media.sid])).size).toBe(1);
    expect(await message.attachTemporaryUrlsFor(null)).toEqual([media]);
  });

  it('prepareMessage builds body, attributes and several media; the pending copy shows the media sids', async () => {
    const { alice, conversation, bobs } = await pair();
    const builder = conversation.prepareMessage();
    expect(builder).toBeInstanceOf(MessageBuilder);
    const unsent = builder
      .setBody('two files')
      .setAttributes({ a: 1 })
      .setSubject('ignored')
      .addMedia({ contentType: 'image/png', filename: 'one.png', media: png(5) })
      .addMedia({ contentType: 'text/plain', media: 'hello' })
      .build();
    expect(unsent).toBeInstanceOf(UnsentMessage);
    expect(unsent.mediaContent).toHaveLength(2);
    expect(unsent.emailOptions).toEqual({ subject: 'ignored' });
    const sawPending: string[][] = [];
    const sub = alice.select(selectMessages(conversation.sid)).subscribe((items) => {
      for (const item of items) if (isPendingMessage(item)) sawPending.push([...item.mediaSids]);
    });
    const arrived = firstValueFrom(bobs.messageAdded$);
    const sending = unsent.send();
    expect(sending).toBeInstanceOf(CancellablePromise);
    expect(await sending).toBe(0);
    sub.unsubscribe();
    const message = await arrived;
    expect(message.body).toBe('two files');
    expect(message.attachedMedia?.map((m) => [m.filename, m.contentType])).toEqual([
      ['one.png', 'image/png'],
      [null, 'text/plain']
    ]);
    expect(sawPending.at(-1)).toEqual(message.attachedMedia?.map((m) => m.sid));
    expect(await conversation.prepareMessage().setBody('plain').buildAndSend()).toBe(1);
  });

  it('refuses bad media at once, too many attachments at build, and email parts as NotSupported', async () => {
    const { conversation } = await pair();
    const builder = conversation.prepareMessage();
    expect(() => builder.addMedia({ contentType: '', media: png(1) })).toThrow(ConversationsError);
    expect(() => builder.addMedia({ contentType: 'image/png', media: new Uint8Array(0) })).toThrow(/media must be/);
    expect(() => builder.addMedia(new FormData())).toThrow(/FormData with a file/);
    expect(() => builder.setEmailBody('text/plain', { contentType: 'text/plain', media: 'x' })).toThrow(
      expect.objectContaining({ code: ErrorCode.NotSupported })
    );
    expect(() => builder.setEmailHistory('text/plain', { contentType: 'text/plain', media: 'x' })).toThrow(
      expect.objectContaining({ code: ErrorCode.NotSupported })
    );
    for (let i = 0; i < 11; i++) builder.addMedia({ contentType: 'image/png', media: png(1) });
    expect(() => builder.build()).toThrow(expect.objectContaining({ code: ErrorCode.LimitExceeded }));
    expect(conversation.limits.mediaAttachmentsCountLimit).toBe(10);
    expect(conversation.limits.mediaAttachmentSizeLimitInMb).toBe(16);
    await expect(conversation.sendMessage({ contentType: 'image/png', media: null })).rejects.toMatchObject({
      code: ErrorCode.BadRequest
    });
  });

  it("surfaces the server's limits: too large, type not accepted; the failed upload sends nothing", async () => {
    const { conversation } = await pair({ maxMediaBytes: 100, mediaContentTypes: ['image/*'] });
    expect(conversation.limits.mediaAttachmentSizeLimitInMb).toBeCloseTo(100 / (1024 * 1024));
    await expect(conversation.sendMessage({ contentType: 'image/png', media: png(101) })).rejects.toMatchObject({
      code: ErrorCode.TooLarge,
      status: 413
    });
    await expect(conversation.sendMessage({ contentType: 'text/html', media: '<p>' })).rejects.toMatchObject({
      code: ErrorCode.UnsupportedMediaType,
      status: 415
    });
    expect(await conversation.getMessagesCount()).toBe(0);
  });

  it('refuses temporary URLs to a user outside the conversation, checks arguments, and cancels', async () => {
    const { eve, conversation, bobs } = await pair();
    const arrived = firstValueFrom(bobs.messageAdded$);
    await conversation.sendMessage({ contentType: 'image/png', media: png(3) });
    const media = (await arrived).media as Media;
    await expect(eve.getTemporaryContentUrlsForMediaSids([media.sid])).rejects.toMatchObject({
      code: ErrorCode.NotFound
    });
    await expect(eve.getTemporaryContentUrlsForMediaSids([])).rejects.toMatchObject({ code: ErrorCode.BadRequest });
    await expect(eve.getTemporaryContentUrlsForMedia('x' as never)).rejects.toMatchObject({
      code: ErrorCode.BadRequest
    });
    const pending = media.getContentTemporaryUrl();
    expect(pending.cancel()).toBe(pending);
    await expect(pending).rejects.toMatchObject({ code: ErrorCode.Cancelled });
    const upload = conversation
      .prepareMessage()
      .addMedia({ contentType: 'image/png', media: png(50_000) })
      .buildAndSend();
    void upload.cancel(); // the same promise, awaited just below
    await expect(upload).rejects.toMatchObject({ code: ErrorCode.Cancelled });
  });

  it('removing a message removes its media: their URLs are refused', async () => {
    const { bob, conversation, bobs } = await pair();
    const arrived = firstValueFrom(bobs.messageAdded$);
    await conversation.sendMessage({ contentType: 'image/png', media: png(3) });
    const message = await arrived;
    const sid = message.media!.sid;
    const removed = firstValueFrom(bobs.messageRemoved$);
    await (await conversation.getMessages()).items[0].remove();
    await removed;
    await waitFor(() => bobs.lastMessage === undefined, 'the preview to clear');
    await expect(bob.getTemporaryContentUrlsForMediaSids([sid])).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { ErrorCode, type MediaData } from '../../../lib/protocol';
import { eventually } from '../helpers/client';
import { type Refusal, readJson } from '../helpers/rest';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

const bytes = (n: number, fill = 7): Uint8Array<ArrayBuffer> => new Uint8Array(new ArrayBuffer(n)).fill(fill);

async function upload(
  httpUrl: string,
  token: string,
  body: Uint8Array<ArrayBuffer>,
  type = 'image/png',
  filename: string | null = 'pic.png'
) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': type };
  if (filename !== null) headers['x-media-filename'] = encodeURIComponent(filename);
  return fetch(`${httpUrl}/v1/media`, { method: 'POST', headers, body });
}

async function setup(options = {}) {
  const w = await world(options);
  const alice = await w.connect('alice');
  const bob = await w.connect('bob');
  const eve = await w.connect('eve');
  const { conversation } = await alice.call('createConversation', {});
  const sid: string = conversation.sid;
  await alice.call('addParticipant', { conversationSid: sid, identity: 'bob' });
  const token = (identity: string) => w.server.issueToken(identity);
  return { ...w, alice, bob, eve, sid, token };
}

describe('media', () => {
  it('uploads, attaches to a message (media), serves signed expiring URLs with CORS to participants only', async () => {
    const { server, alice, bob, eve, sid, token } = await setup();
    const response = await upload(server.httpUrl, await token('alice'), bytes(1000), 'image/png', 'été 1.png');
    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const media = await readJson<MediaData>(response);
    expect(media).toEqual({
      sid: expect.stringMatching(/^ME/),
      filename: 'été 1.png',
      contentType: 'image/png',
      size: 1000,
      category: 'media'
    });

    // before it is attached only the uploader sees it
    expect((await alice.call('getMediaUrls', { mediaSids: [media.sid] })).urls[media.sid]).toContain(
      `/v1/media/${media.sid}/content?`
    );
    expect(await bob.fail('getMediaUrls', { mediaSids: [media.sid] })).toMatchObject({ code: ErrorCode.NotFound });

    const message = await alice.call('sendMessage', {
      conversationSid: sid,
      key: 'k',
      body: 'look',
      mediaSids: [media.sid]
    });
    expect(message).toMatchObject({ type: 'media', body: 'look', media: [media] });
    expect((await bob.waitEvent('messageAdded')).data.message.media).toEqual([media]);

    const { urls, expiresAt } = await bob.call('getMediaUrls', { mediaSids: [media.sid] });
    expect(expiresAt).toBeGreaterThan(Date.now() + 290_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 300_000);
    const content = await fetch(urls[media.sid], { headers: { origin: 'https://elsewhere.example' } });
    expect(content.status).toBe(200);
    expect(content.headers.get('access-control-allow-origin')).toBe('*');
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(content.headers.get('content-disposition')).toBe(
      `inline; filename*=UTF-8''${encodeURIComponent('été 1.png')}`
    );
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(bytes(1000));
    const preflight = await fetch(urls[media.sid], { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');

    // a user who does not take part, and a forged or altered URL, are refused
    expect(await eve.fail('getMediaUrls', { mediaSids: [media.sid] })).toMatchObject({
      code: ErrorCode.NotFound,
      path: 'args.mediaSids.0'
    });
    const forged = urls[media.sid].replace(/signature=[^&]+/, 'signature=AAAA');
    expect((await fetch(forged)).status).toBe(403);
    const stretched = urls[media.sid].replace(/expires=\d+/, `expires=${expiresAt + 1000}`);
    const refused = await fetch(stretched);
    expect(refused.status).toBe(403);
    expect((await readJson<Refusal>(refused)).error.code).toBe(ErrorCode.Forbidden);
  });

  it('refuses an expired URL with 410 Expired', async () => {
    const { server, alice, token } = await setup({ mediaUrlTtlSeconds: 1 });
    const media = await readJson<MediaData>(await upload(server.httpUrl, await token('alice'), bytes(10)));
    const { urls } = await alice.call('getMediaUrls', { mediaSids: [media.sid] });
    expect((await fetch(urls[media.sid])).status).toBe(200);
    await eventually(() => Date.now() > Number(new URL(urls[media.sid]).searchParams.get('expires')), 3000, 'expiry');
    const expired = await fetch(urls[media.sid]);
    expect(expired.status).toBe(410);
    expect((await readJson<Refusal>(expired)).error).toMatchObject({ code: ErrorCode.Expired, status: 410 });
  });

  it('refuses uploads without a token, too large (413), of a type not accepted (415), empty, badly named', async () => {
    const { server, token } = await setup({ maxMediaBytes: 100, mediaContentTypes: ['image/*', 'application/pdf'] });
    const alice = await token('alice');
    const noToken = await fetch(`${server.httpUrl}/v1/media`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: bytes(5)
    });
    expect(noToken.status).toBe(401);
    const tooLarge = await upload(server.httpUrl, alice, bytes(101));
    expect(tooLarge.status).toBe(413);
    expect((await readJson<Refusal>(tooLarge)).error).toMatchObject({ code: ErrorCode.TooLarge });
    const chunked = await fetch(`${server.httpUrl}/v1/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'image/png' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 5; i++) controller.enqueue(bytes(40));
          controller.close();
        }
      }),
      duplex: 'half'
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const wrongType = await upload(server.httpUrl, alice, bytes(5), 'text/html');
    expect(wrongType.status).toBe(415);
    expect((await readJson<Refusal>(wrongType)).error).toMatchObject({ code: ErrorCode.UnsupportedMediaType });
    expect((await upload(server.httpUrl, alice, bytes(5), 'application/pdf; x=1', 'a.pdf')).status).toBe(201);
    expect((await upload(server.httpUrl, alice, new Uint8Array(0))).status).toBe(400);
    expect((await upload(server.httpUrl, alice, bytes(5), 'image/png', 'a/b.png')).status).toBe(400);
    const byQuery = await fetch(`${server.httpUrl}/v1/media?filename=q.png`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'image/png' },
      body: bytes(5)
    });
    expect((await readJson<MediaData>(byQuery)).filename).toBe('q.png');
    expect((await upload(server.httpUrl, alice, bytes(5), 'image/png', null)).status).toBe(201);
  });

  it("attaches only the sender's own unattached uploads, at most maxMediaPerMessage, each once", async () => {
    const { server, alice, bob, sid, token } = await setup();
    const mine = await readJson<MediaData>(await upload(server.httpUrl, await token('alice'), bytes(3)));
    const bobs = await readJson<MediaData>(await upload(server.httpUrl, await token('bob'), bytes(3)));
    expect(await alice.fail('sendMessage', { conversationSid: sid, key: 'a', mediaSids: [bobs.sid] })).toMatchObject({
      code: ErrorCode.NotFound
    });
    expect(
      await alice.fail('sendMessage', { conversationSid: sid, key: 'b', mediaSids: [mine.sid, mine.sid] })
    ).toMatchObject({
      code: ErrorCode.BadRequest
    });
    const eleven = Array.from({ length: 11 }, (_, i) => `ME${i}`);
    expect(await alice.fail('sendMessage', { conversationSid: sid, key: 'c', mediaSids: eleven })).toMatchObject({
      code: ErrorCode.LimitExceeded
    });
    await alice.call('sendMessage', { conversationSid: sid, key: 'd', mediaSids: [mine.sid] });
    expect(await alice.fail('sendMessage', { conversationSid: sid, key: 'e', mediaSids: [mine.sid] })).toMatchObject({
      code: ErrorCode.NotFound
    });
    // a retried send with the same key answers the first message
    expect(
      (await alice.call('sendMessage', { conversationSid: sid, key: 'd', mediaSids: [mine.sid] })).media[0].sid
    ).toBe(mine.sid);
    expect(await bob.fail('getMediaUrls', { mediaSids: [bobs.sid, mine.sid, 'MEnone'] })).toMatchObject({
      path: 'args.mediaSids.2'
    });
  });

  it('keeps files beside the database, and deletes them with their message or conversation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxc-media-spec-'));
    try {
      const { server, alice, sid, token } = await setup({ database: join(dir, 'chat.db') });
      const mediaDir = join(dir, 'chat.db-media');
      const first = await readJson<MediaData>(await upload(server.httpUrl, await token('alice'), bytes(3)));
      const second = await readJson<MediaData>(await upload(server.httpUrl, await token('alice'), bytes(3)));
      expect(readdirSync(mediaDir).sort()).toEqual([first.sid, second.sid].sort());
      const message = await alice.call('sendMessage', { conversationSid: sid, key: 'a', mediaSids: [first.sid] });
      await alice.call('sendMessage', { conversationSid: sid, key: 'b', mediaSids: [second.sid] });
      const { urls } = await alice.call('getMediaUrls', { mediaSids: [first.sid] });
      await alice.call('removeMessage', { conversationSid: sid, messageSid: message.sid });
      expect(existsSync(join(mediaDir, first.sid))).toBe(false);
      expect((await fetch(urls[first.sid])).status).toBe(404);
      await alice.call('deleteConversation', { sid });
      expect(readdirSync(mediaDir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('deletes uploads never attached once they are older than unattachedMediaTtlMs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxc-media-spec-'));
    try {
      const { server, alice, token } = await setup({
        mediaDirectory: dir,
        unattachedMediaTtlMs: 50,
        pruneIntervalMs: 100
      });
      const media = await readJson<MediaData>(await upload(server.httpUrl, await token('alice'), bytes(3)));
      await eventually(() => !existsSync(join(dir, media.sid)), 5000, 'the unattached upload to be pruned');
      expect(await alice.fail('getMediaUrls', { mediaSids: [media.sid] })).toMatchObject({ code: ErrorCode.NotFound });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

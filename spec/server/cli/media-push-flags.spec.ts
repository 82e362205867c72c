import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../lib/cli/config';
import { TestClient, closeClients, eventually } from '../helpers/client';
import { killClis, runCli, serveCli } from '../helpers/cli';
import { startPushListener } from '../helpers/push-listener';
import type { MediaData } from '../../../lib/protocol';
import { readJson } from '../helpers/rest';

jest.setTimeout(120_000);

describe('CLI flags of media and push', () => {
  it('parses --push-url, --media-dir and --max-media-bytes, with their environment variables', () => {
    const flags = parseConfig(
      ['serve', '--push-url', 'http://127.0.0.1:9/p', '--media-dir', '/tmp/m', '--max-media-bytes', '1000'],
      {}
    );
    expect(flags).toMatchObject({ pushUrl: 'http://127.0.0.1:9/p', mediaDir: '/tmp/m', maxMediaBytes: 1000 });
    const env = parseConfig(['serve'], { RXC_PUSH_URL: 'http://x/p', RXC_MEDIA_DIR: '/m', RXC_MAX_MEDIA_BYTES: '5' });
    expect(env).toMatchObject({ pushUrl: 'http://x/p', mediaDir: '/m', maxMediaBytes: 5 });
    expect(parseConfig(['serve'], {})).toMatchObject({
      pushUrl: undefined,
      mediaDir: undefined,
      maxMediaBytes: undefined
    });
    expect(() => parseConfig(['serve', '--max-media-bytes', 'lots'], {})).toThrow(/max-media-bytes/);
  });

  it('a served server uses them: media limit in the welcome, files in the directory, pushes to the URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxc-cli-media-'));
    const listener = await startPushListener();
    try {
      const mediaDir = join(dir, 'files');
      const { url, token } = await serveCli(
        ['--media-dir', mediaDir, '--max-media-bytes', '2048', '--push-url', listener.url],
        {
          RXC_DATABASE: ':memory:',
          RXC_SECRET: 'a-cli-secret-of-enough-length'
        }
      );
      const client = await TestClient.connect(url, token);
      expect(client.welcome?.limits.maxMediaBytes).toBe(2048);
      const httpUrl = client.welcome?.httpUrl as string;
      const tooLarge = await fetch(`${httpUrl}/v1/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
        body: new Uint8Array(new ArrayBuffer(2049))
      });
      expect(tooLarge.status).toBe(413);
      const ok = await fetch(`${httpUrl}/v1/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
        body: new Uint8Array(new ArrayBuffer(10))
      });
      expect(existsSync(join(mediaDir, (await readJson<MediaData>(ok)).sid))).toBe(true);
      const tokenCli = runCli(['token', '--identity', 'bob'], { RXC_SECRET: 'a-cli-secret-of-enough-length' });
      await tokenCli.exited;
      const bob = await TestClient.connect(url, tokenCli.output().trim());
      await bob.call('setPushRegistration', { channelType: 'fcm', registrationId: 'bob-phone' });
      await bob.close();
      const { conversation } = await client.call('createConversation', {});
      await client.call('addParticipant', { conversationSid: conversation.sid, identity: 'bob' });
      await client.call('sendMessage', { conversationSid: conversation.sid, key: 'k', body: 'hi' });
      await eventually(
        () => listener.received.some((d) => d.type === 'twilio.conversations.new_message' && d.identity === 'bob'),
        5000,
        'the push'
      );
    } finally {
      closeClients();
      killClis();
      await listener.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

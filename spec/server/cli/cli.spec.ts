import { expect } from '@jest/globals';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResult } from '../../../lib/protocol';
import { TestClient, closeClients } from '../helpers/client';
import { killClis, runCli, serveCli } from '../helpers/cli';
import { decodeJwt } from 'jose';

const hasIndex = (result: unknown): result is { index: number } =>
  typeof (result as { index?: unknown } | undefined)?.index === 'number';

jest.setTimeout(120_000);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxc-cli-'));
});
afterEach(() => {
  closeClients();
  killClis();
  rmSync(dir, { recursive: true, force: true });
});

describe('rx-conversations CLI', () => {
  it('--help prints usage; a bad command exits 2', async () => {
    const help = runCli(['--help']);
    expect((await help.exited).code).toBe(0);
    expect(help.output()).toMatch(/rx-conversations serve/);
    expect(help.output()).toMatch(/RXC_PORT/);
    const bad = runCli(['frobnicate']);
    expect((await bad.exited).code).toBe(2);
    expect(bad.output()).toMatch(/unknown command/);
  });

  it('a message acknowledged before SIGKILL is there after restart, and tokens survive the restart', async () => {
    const database = join(dir, 'data', 'chat.db');
    const first = await serveCli(['--database', database]);
    expect(statSync(`${database}.secret`).mode & 0o777).toBe(0o600);
    const demo = await TestClient.connect(first.url, first.token);
    const { conversation } = await demo.call('createConversation', {});
    const sends = [...Array(200).keys()].map((i) =>
      demo.request('sendMessage', { conversationSid: conversation.sid, key: `k${i}`, body: `m${i}` })
    );
    await demo.waitFrame(() => demo.frames.filter((f) => f.type === 'reply' && hasIndex(f.result)).length >= 50);
    first.cli.child.kill('SIGKILL');
    expect((await first.cli.exited).signal).toBe('SIGKILL');
    const acked = demo.frames
      .map((f) => f.result)
      .filter(hasIndex)
      .map((result) => result.index);
    void Promise.allSettled(sends);
    closeClients();

    const second = await serveCli(['--database', database]);
    const again = await TestClient.connect(second.url, first.token);
    expect(again.welcome?.identity).toBe('demo');
    const stored = new Set<number>();
    let anchor: number | null = null;
    for (;;) {
      const page: CommandResult<'getMessages'> = await again.call('getMessages', {
        conversationSid: conversation.sid,
        direction: 'forward',
        anchor,
        pageSize: 100
      });
      for (const m of page.items) stored.add(m.index);
      if (!page.hasNextPage) break;
      anchor = page.items.at(-1)!.index + 1;
    }
    expect(acked.length).toBeGreaterThanOrEqual(50);
    for (const index of acked) expect(stored.has(index)).toBe(true);
    expect([...stored].sort((a, b) => a - b)).toEqual([...Array(stored.size).keys()]);
  });

  it('SIGTERM closes sessions with 1001 and exits 0', async () => {
    const database = join(dir, 'chat.db');
    const { cli, url, token } = await serveCli(['--database', database]);
    const client = await TestClient.connect(url, token);
    const { conversation } = await client.call('createConversation', {});
    await client.call('sendMessage', { conversationSid: conversation.sid, key: 'k', body: 'kept' });
    cli.child.kill('SIGTERM');
    expect((await client.closed).code).toBe(1001);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.output()).toMatch(/SIGTERM: shutting down/);
    const restarted = await serveCli(['--database', database]);
    const again = await TestClient.connect(restarted.url, token);
    expect((await again.call('getMessages', { conversationSid: conversation.sid })).items[0].body).toBe('kept');
    restarted.cli.child.kill('SIGINT');
    expect((await restarted.cli.exited).code).toBe(0);
  });

  it('token prints a token signed with the secret kept beside the database', async () => {
    const database = join(dir, 'chat.db');
    const { url } = await serveCli(['--database', database], { RXC_ADMIN_KEY: 'k' });
    const tokenCli = runCli(['token', '--identity', 'alice', '--ttl', '600', '--database', database, '--url', url]);
    expect((await tokenCli.exited).code).toBe(0);
    const token = tokenCli.output().trim();
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'alice', url });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(600);
    expect((await TestClient.connect(url, token)).welcome?.identity).toBe('alice');
    const missing = runCli(['token', '--identity', 'alice', '--database', join(dir, 'none.db')]);
    expect((await missing.exited).code).toBe(2);
    expect(missing.output()).toMatch(/no secret/);
  });

  it('token --database makes tokens for the server of the database: its URL, audience, secret beside it', async () => {
    const database = join(dir, 'owned.db');
    const { url } = await serveCli(['--database', database, '--token-audience', 'team-chat']);
    expect(url).not.toContain(':8080/');
    const tokenCli = runCli(['token', '--identity', 'alice', '--database', database]);
    expect((await tokenCli.exited).code).toBe(0);
    const token = tokenCli.output().trim();
    expect(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())).toMatchObject({
      sub: 'alice',
      url,
      aud: 'team-chat'
    });
    expect((await TestClient.connect(url, token)).welcome?.identity).toBe('alice');
    // a token for another audience (here: the default one) is not for this server
    const other = runCli([
      'token',
      '--identity',
      'alice',
      '--database',
      database,
      '--token-audience',
      'rx-conversations'
    ]);
    await other.exited;
    const denied = await TestClient.connect(url, other.output().trim());
    expect(denied.frames[0]).toMatchObject({
      type: 'denied',
      error: { code: 20101, message: expect.stringMatching(/not meant for this service/) }
    });
  });

  it('takes its settings from the environment', async () => {
    const { url, token } = await serveCli([], {
      RXC_DATABASE: ':memory:',
      RXC_SECRET: 'an-env-secret-of-enough-length',
      RXC_REACHABILITY: 'false'
    });
    const client = await TestClient.connect(url, token);
    expect(client.welcome?.reachabilityEnabled).toBe(false);
    const tokenCli = runCli(['token', '--identity', 'bob'], { RXC_SECRET: 'an-env-secret-of-enough-length' });
    await tokenCli.exited;
    expect((await TestClient.connect(url, tokenCli.output().trim())).welcome?.identity).toBe('bob');
  });
});

import { expect } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '../../../lib/protocol';
import { eventuallyAsync } from '../helpers/client';
import { createKeyCli, killClis, runCli } from '../helpers/cli';
import { type Refusal, restClient } from '../helpers/rest';
import { startTestServer, stopServers } from '../helpers/server';

jest.setTimeout(120_000);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxc-keys-'));
});
afterEach(async () => {
  killClis();
  await stopServers();
  rmSync(dir, { recursive: true, force: true });
});

describe('rx-conversations keys', () => {
  it('creates scoped keys (secret printed once, hash kept), lists and revokes them while serving', async () => {
    const database = join(dir, 'chat.db');
    const server = await startTestServer({ database });
    const reader = await createKeyCli(database, 'read', 'dashboard');
    const writer = await createKeyCli(database, 'read,write', 'bot');

    const asReader = restClient(server.httpUrl, reader.secret);
    const asWriter = restClient(server.httpUrl, writer.secret);
    expect((await asReader('GET', '/v1/Conversations')).status).toBe(200);
    const refused = await asReader<Refusal>('POST', '/v1/Conversations', {});
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: ErrorCode.Forbidden,
      message: expect.stringContaining("'write'")
    });
    expect((await asWriter('POST', '/v1/Conversations', {})).status).toBe(201);
    expect((await asWriter('GET', '/v1/Roles')).status).toBe(200);
    expect(
      (await asWriter('POST', '/v1/Roles', { FriendlyName: 'x', Type: 'conversation', Permission: ['sendMessage'] }))
        .status
    ).toBe(403);

    const list = runCli(['keys', 'list', '--database', database]);
    expect((await list.exited).code).toBe(0);
    expect(list.output()).toContain(reader.sid);
    expect(list.output()).toContain('dashboard');
    expect(list.output()).not.toContain(reader.secret);

    const revoke = runCli(['keys', 'revoke', '--database', database, '--sid', reader.sid]);
    expect((await revoke.exited).code).toBe(0);
    // a key found is trusted for at most a second
    await eventuallyAsync(
      async () => (await asReader('GET', '/v1/Conversations')).status === 401,
      3000,
      'the revocation'
    );
    expect((await asWriter('GET', '/v1/Conversations')).status).toBe(200);
  });

  it('refuses bad input with a clear message and exit code 2', async () => {
    const database = join(dir, 'chat.db');
    for (const [args, message] of [
      [['keys'], /keys needs create, list or revoke/],
      [['keys', 'make'], /not 'make'/],
      [['keys', 'create', '--database', database, '--scopes', 'read'], /needs --name/],
      [['keys', 'create', '--database', database, '--name', 'x'], /needs --scopes/],
      [['keys', 'create', '--database', database, '--name', 'x', '--scopes', 'read,root'], /unknown scope 'root'/],
      [['keys', 'revoke', '--database', database, '--sid', 'SKnone'], /no key SKnone/]
    ] as const) {
      const cli = runCli([...args]);
      expect([args.join(' '), (await cli.exited).code]).toEqual([args.join(' '), 2]);
      expect(cli.output()).toMatch(message);
    }
  });
});

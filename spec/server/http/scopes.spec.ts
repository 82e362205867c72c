import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '../../../lib/protocol';
import { OPENAPI_PATH, type OpenApiPaths } from '../../../lib/server/http/http-server';
import { createKeyCli, killClis } from '../helpers/cli';
import { type Refusal, readJson, restClient } from '../helpers/rest';
import { startTestServer, stopServers } from '../helpers/server';

jest.setTimeout(60000);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxc-scopes-'));
});
afterEach(async () => {
  killClis();
  await stopServers();
  rmSync(dir, { recursive: true, force: true });
});

/** The scope an operation of the REST API asks. */
function scopeOf(method: string, path: string): 'read' | 'write' | 'admin' {
  if (path.startsWith('/v1/admin/')) return 'admin';
  if (method === 'get') return 'read';
  if (path.startsWith('/v1/Roles') || path.startsWith('/v1/Configuration') || path.includes('/Webhooks'))
    return 'admin';
  return 'write';
}

describe('every API-key route of the OpenAPI document', () => {
  it('refuses a call without a key (401) or with a key lacking its scope (403), before reading the body', async () => {
    const database = join(dir, 'chat.db');
    const server = await startTestServer({ database });
    const readKey = await createKeyCli(database, 'read');
    const writeKey = await createKeyCli(database, 'read,write');
    const doc = await readJson<OpenApiPaths>(await fetch(`${server.httpUrl}${OPENAPI_PATH}`));
    const operations: [string, string, 'read' | 'write' | 'admin'][] = [];
    for (const [path, methods] of Object.entries(doc.paths ?? {})) {
      for (const [method, operation] of Object.entries(methods as Record<string, { security?: object[] }>)) {
        if (operation.security?.some((s) => 'apiKey' in s)) operations.push([method, path, scopeOf(method, path)]);
      }
    }
    expect(operations.length).toBeGreaterThan(30);
    const refusals: string[] = [];
    for (const [method, path, scope] of operations) {
      const url = path.replace(/\{[A-Za-z]+\}/g, 'x');
      const body = method === 'get' || method === 'delete' ? undefined : '{"not": "checked"}';
      const anonymous = await restClient(server.httpUrl, null)<Refusal>(method.toUpperCase(), url, body);
      if (anonymous.status !== 401 || anonymous.body.error.code !== ErrorCode.TokenInvalid)
        refusals.push(`${method} ${path} without a key: ${anonymous.status}`);
      const lacking = scope === 'read' ? null : scope === 'write' ? readKey.secret : writeKey.secret;
      if (lacking !== null) {
        const refused = await restClient(server.httpUrl, lacking)<Refusal>(method.toUpperCase(), url, body);
        if (refused.status !== 403 || !refused.body.error.message.includes(`'${scope}'`))
          refusals.push(`${method} ${path} without '${scope}': ${refused.status}`);
      } else {
        const allowed = await restClient(server.httpUrl, readKey.secret)(method.toUpperCase(), url, body);
        if (allowed.status === 401 || allowed.status === 403)
          refusals.push(`${method} ${path} with 'read': ${allowed.status}`);
      }
    }
    expect(refusals).toEqual([]);
  });
});

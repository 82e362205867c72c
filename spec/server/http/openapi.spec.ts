import type { OpenAPIV3 } from 'openapi-types';
import { OPENAPI_PATH, undocumented } from '../../../lib/server/http/http-server';
import { type Refusal, readJson } from '../helpers/rest';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

describe('the OpenAPI document', () => {
  it('is served at /v1/openapi.json, generated from the route schemas, with every route', async () => {
    const { server } = await world({ adminKey: 'k3y' });
    const response = await fetch(`${server.httpUrl}${OPENAPI_PATH}`);
    expect(response.status).toBe(200);
    const doc = await readJson<OpenAPIV3.Document>(response);
    expect(doc.openapi).toMatch(/^3\./);
    // the server refuses to start with a route missing from its document; these are some of them
    for (const [path, method] of [
      ['/health', 'get'],
      ['/v1/media', 'post'],
      ['/v1/media/{sid}/content', 'get'],
      ['/v1/admin/tokens', 'post'],
      ['/v1/admin/templates/{sid}', 'delete'],
      [OPENAPI_PATH, 'get']
    ]) {
      const operation = doc.paths[path]?.[method as OpenAPIV3.HttpMethods];
      expect([path, method, operation !== undefined]).toEqual([path, method, true]);
    }
    // the request schemas are the validators': a field the schema does not know is refused by name
    const tokenRequest = doc.paths['/v1/admin/tokens']?.post?.requestBody as OpenAPIV3.RequestBodyObject;
    const tokenBody = tokenRequest.content['application/json'].schema;
    expect(tokenBody).toMatchObject({ required: ['identity'], additionalProperties: false });
    const refused = await fetch(`${server.httpUrl}/v1/admin/tokens`, {
      method: 'POST',
      headers: { authorization: 'Bearer k3y', 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'a', lifetime: 5 })
    });
    expect(refused.status).toBe(400);
    expect((await readJson<Refusal>(refused)).error).toMatchObject({ code: 40000, path: 'lifetime' });
  });

  it('names each registered route the document lacks', () => {
    const doc = { paths: { '/v1/Conversations/{sid}': { get: {} } } };
    expect(undocumented(doc, [{ method: 'GET', url: '/v1/Conversations/:sid' }])).toEqual([]);
    expect(
      undocumented(doc, [
        { method: 'DELETE', url: '/v1/Conversations/:sid' },
        { method: 'GET', url: '/v1/Users' }
      ])
    ).toEqual(['DELETE /v1/Conversations/:sid', 'GET /v1/Users']);
  });
});

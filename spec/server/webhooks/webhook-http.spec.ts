import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WebhookCallFailed, WebhookHttp } from '../../../lib/server/webhooks/webhook-http';

/** A receiver whose answer each test sets; it records what it was sent. */
let answer: (req: IncomingMessage, res: ServerResponse, body: string) => void = (_req, res) => res.end();
const received: { method?: string; headers: IncomingMessage['headers']; body: string }[] = [];
let server: Server;
let base = '';
const http = new WebhookHttp();

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method, headers: req.headers, body });
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  http.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const call = (extra: Partial<Parameters<WebhookHttp['call']>[0]> = {}) =>
  http.call({
    url: `${base}/hook`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
    body: '{"a":"é"}',
    timeoutMs: 2000,
    ...extra
  });

describe('WebhookHttp', () => {
  it('sends the method, headers and body, and answers the status (and the body when asked)', async () => {
    answer = (_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{"Body":"changed"}');
    expect(await call()).toEqual({ status: 201, body: '' });
    expect(await call({ readBody: true, method: 'PUT' })).toEqual({ status: 201, body: '{"Body":"changed"}' });
    expect(received.at(-1)).toMatchObject({ method: 'PUT', body: '{"a":"é"}' });
    expect(received.at(-1)?.headers).toMatchObject({ 'webhook-id': 'msg_1', 'content-length': '10' });
  });

  it('keeps the connection for the next call', async () => {
    answer = (req, res) => res.end(String(req.socket.remotePort));
    const first = await call({ readBody: true });
    const second = await call({ readBody: true });
    expect(second.body).toBe(first.body);
  });

  it('answers a redirect as it is, without following it', async () => {
    answer = (_req, res) => res.writeHead(302, { location: `${base}/elsewhere` }).end();
    const before = received.length;
    expect((await call()).status).toBe(302);
    expect(received.length).toBe(before + 1);
  });

  it('fails with the reason when no answer comes in time', async () => {
    answer = () => undefined; // never answers
    const failure = await call({ timeoutMs: 100 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WebhookCallFailed);
    expect(failure).toMatchObject({ reason: 'timeout', message: 'no answer in 100 ms' });
  });

  it('fails a body over 1 MB instead of keeping it', async () => {
    answer = (_req, res) => res.end('x'.repeat((1 << 20) + 1));
    await expect(call({ readBody: true })).rejects.toMatchObject({ reason: 'failed' });
  });

  it('fails clearly on a refused connection, a URL that is not one, and when aborted', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(call({ url: `http://127.0.0.1:${port}/` })).rejects.toMatchObject({
      reason: 'failed',
      message: expect.stringContaining('ECONNREFUSED')
    });
    await expect(call({ url: 'not a url' })).rejects.toMatchObject({
      reason: 'failed',
      message: 'not a URL: not a url'
    });
    answer = () => undefined;
    const stop = new AbortController();
    const pending = call({ signal: stop.signal });
    stop.abort();
    await expect(pending).rejects.toMatchObject({ reason: 'aborted' });
  });
});

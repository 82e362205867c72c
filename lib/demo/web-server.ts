import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VISITOR_IDENTITY } from './cast';
import { PAGE_HTML } from './page-html';

/** What the page's HTTP server needs. */
export interface WebDeps {
  /** The page script and its source map. */
  script: { code: string; map: string | null };
  /** A session for a visitor: a token for `identity`, after the visitor was added to the rooms. */
  session(identity: string): Promise<{ token: string }>;
  onError(message: string, error: unknown): void;
}

/** The page's HTTP server: the shell, the script, and `GET /api/session`. */
export interface WebServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** A new visitor identity, `guest-` and 6 random characters. */
export function newVisitorIdentity(): string {
  return `guest-${randomBytes(6).toString('hex').slice(0, 6)}`;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store'
  });
  res.end(body);
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));

/**
 * `GET /api/session?identity=guest-…` answers `{identity, token}`: the visitor it was given
 * (when it has the visitor shape) or a new one. 503 while the server is down: the page retries.
 */
async function session(deps: WebDeps, url: URL, res: ServerResponse): Promise<void> {
  const asked = url.searchParams.get('identity') ?? '';
  const identity = VISITOR_IDENTITY.test(asked) ? asked : newVisitorIdentity();
  try {
    const { token } = await deps.session(identity);
    json(res, 200, { identity, token });
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ServerDownError')) deps.onError('a visitor session failed', error);
    json(res, 503, { error: 'The Conversations server is not available right now; try again in a moment.' });
  }
}

/** Starts the page's HTTP server. */
export async function startWebServer(deps: WebDeps, port: number, host: string): Promise<WebServer> {
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://demo');
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'Use GET' });
    switch (url.pathname) {
      case '/':
      case '/index.html':
        return send(res, 200, 'text/html; charset=utf-8', PAGE_HTML);
      case '/page.js':
        return send(res, 200, 'text/javascript; charset=utf-8', deps.script.code);
      case '/page.js.map':
        return deps.script.map === null
          ? json(res, 404, { error: 'Not found' })
          : send(res, 200, 'application/json; charset=utf-8', deps.script.map);
      case '/api/session':
        session(deps, url, res).catch((error) => {
          deps.onError('a visitor session failed', error);
          if (!res.headersSent) json(res, 500, { error: 'Internal error' });
        });
        return;
      default:
        return json(res, 404, { error: 'Not found' });
    }
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${bound}/`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
  };
}

import { Agent as HttpAgent, type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** The most of an answer's body that is read (a pre-event webhook's changes); a longer one fails the call. */
const MAX_BODY_BYTES = 1 << 20;

/** A webhook's answer: its status, and its body when it was asked for ('' otherwise). */
export interface WebhookAnswer {
  status: number;
  body: string;
}

/** A webhook call that got no answer: `timeout`, `aborted` (the server is closing) or `failed`. */
export class WebhookCallFailed extends Error {
  constructor(
    readonly reason: 'timeout' | 'aborted' | 'failed',
    message: string
  ) {
    super(message);
  }
}

/** One webhook call: where, how, and how long to wait for the answer. */
export interface WebhookRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Read the answer's body (else it is drained unread). */
  readBody?: boolean;
  signal?: AbortSignal;
}

/**
 * The server's calls to webhooks, over keep-alive connections (Node's own HTTP client: one
 * request object and one timer per call, where `fetch` costs several streams, signals and
 * promises). Redirects are not followed: a 3xx is an answer like any other.
 */
export class WebhookHttp {
  readonly #http = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  readonly #https = new HttpsAgent({ keepAlive: true, maxSockets: 64 });

  /** Makes the call: answers the status (and body), or rejects with {@link WebhookCallFailed}. */
  call(request: WebhookRequest): Promise<WebhookAnswer> {
    return new Promise((resolve, reject) => {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return reject(new WebhookCallFailed('failed', `not a URL: ${request.url}`));
      }
      const secure = url.protocol === 'https:';
      let req: ClientRequest;
      try {
        req = (secure ? httpsRequest : httpRequest)(url, {
          method: request.method,
          headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
          agent: secure ? this.#https : this.#http,
          signal: request.signal
        });
      } catch (error) {
        return reject(new WebhookCallFailed('failed', describe(error)));
      }
      let settled = false;
      const settle = (answer: WebhookAnswer | WebhookCallFailed) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (answer instanceof WebhookCallFailed) reject(answer);
        else resolve(answer);
      };
      const fail = (error: WebhookCallFailed) => {
        settle(error);
        req.destroy();
      };
      const timer = setTimeout(
        () => fail(new WebhookCallFailed('timeout', `no answer in ${request.timeoutMs} ms`)),
        request.timeoutMs
      );
      req.on('error', (error) =>
        settle(
          request.signal?.aborted === true
            ? new WebhookCallFailed('aborted', 'the server is closing')
            : new WebhookCallFailed('failed', describe(error))
        )
      );
      req.on('response', (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (request.readBody !== true) {
          res.resume();
          return settle({ status, body: '' });
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) fail(new WebhookCallFailed('failed', `an answer over ${MAX_BODY_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () => settle({ status, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => settle(new WebhookCallFailed('failed', describe(error))));
      });
      req.end(request.body);
    });
  }

  /** Closes the kept connections. */
  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

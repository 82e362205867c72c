import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { WebhookPayload } from '../../../lib/server/domain/webhook-events';

/** A webhook call as the receiver got it. */
export interface ReceivedCall {
  id: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The call's JSON body: `EventType` and the reference's PascalCase fields. */
  payload: WebhookPayload;
  /** Whether the signature verified with the receiver's secret. */
  verified: boolean;
}

/**
 * A real HTTP receiver on 127.0.0.1 for webhook calls. It verifies each call's signature (Standard
 * Webhooks) once `secret` is set, and answers with `answer(call)`: a status, and a JSON body; a
 * `null` answer never answers (a receiver that hangs).
 */
export interface WebhookReceiver {
  readonly url: string;
  /** Every call, in arrival order, duplicates and failures included. */
  readonly calls: ReceivedCall[];
  secret: string | null;
  answer: (call: ReceivedCall) => { status: number; body?: unknown } | null;
  /** The calls answered 2xx, each id once, in arrival order. */
  accepted(): ReceivedCall[];
  close(): Promise<void>;
}

/** Starts a receiver on a free loopback port. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  const acceptedIds = new Set<string>();
  const accepted: ReceivedCall[] = [];
  const receiver: Pick<WebhookReceiver, 'secret' | 'answer'> = { secret: null, answer: () => ({ status: 200 }) };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      if (receiver.secret) {
        try {
          new Webhook(receiver.secret).verify(body, req.headers as Record<string, string>);
          verified = true;
        } catch {
          verified = false;
        }
      }
      const call: ReceivedCall = {
        id: String(req.headers['webhook-id']),
        headers: req.headers,
        body,
        payload: JSON.parse(body) as WebhookPayload,
        verified
      };
      calls.push(call);
      const answer = receiver.answer(call);
      if (answer === null) return;
      if (answer.status >= 200 && answer.status < 300 && !acceptedIds.has(call.id)) {
        acceptedIds.add(call.id);
        accepted.push(call);
      }
      const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks`,
    calls,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  });
}

/**
 * A bot for rx-conversations: it receives the server's signed webhook calls, checks each
 * signature (Standard Webhooks), and answers messages in their conversation through the REST API.
 * Plain Node (node:http and fetch) and the `standardwebhooks` package: nothing of the server.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** What the bot needs. */
export interface BotOptions {
  /** The server's REST API: `http://host:port/v1`. */
  apiUrl: string;
  /** An API key with the `write` scope. */
  apiKey: string;
  /** The webhook signing secret (`whsec_…`), shown once when it was created. */
  secret: string;
  /** Who the bot's messages are from. */
  identity: string;
  /** Where the bot listens for calls; 0 picks a free port. */
  port: number;
  host?: string;
}

/** A running bot. */
export interface Bot {
  /** Where to send webhook calls. */
  url: string;
  close(): Promise<void>;
}

/** The fields of an `onMessageAdded` call the bot reads. */
interface MessageAdded {
  EventType: 'onMessageAdded';
  ConversationSid: string;
  Author: string | null;
  Body: string | null;
}

/** What the bot says back to `body`. */
export function reply(body: string): string {
  const text = body.trim();
  if (/^\/time\b/i.test(text)) return `It is ${new Date().toISOString()}.`;
  return `You said: ${text}`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Starts the bot's HTTP listener. */
export async function startBot(options: BotOptions): Promise<Bot> {
  const webhook = new Webhook(options.secret);

  /** Posts the bot's answer; the call's id as idempotency key makes a redelivered call one answer. */
  async function answer(event: MessageAdded, callId: string): Promise<void> {
    const response = await fetch(
      `${options.apiUrl}/Conversations/${encodeURIComponent(event.ConversationSid)}/Messages`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': callId
        },
        body: JSON.stringify({ Author: options.identity, Body: reply(event.Body ?? '') })
      }
    );
    if (!response.ok) throw new Error(`the REST API answered ${response.status}: ${await response.text()}`);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') {
      response.writeHead(405).end();
      return;
    }
    const raw = await readBody(request);
    let event: MessageAdded;
    try {
      // the raw body, before parsing: the signature covers its bytes
      event = webhook.verify(raw, request.headers as Record<string, string>) as MessageAdded;
    } catch (error) {
      response.writeHead(error instanceof WebhookVerificationError ? 401 : 400).end();
      return;
    }
    if (event.EventType === 'onMessageAdded' && event.Author !== options.identity && event.Body) {
      await answer(event, String(request.headers['webhook-id']));
    }
    // 2xx only once the answer is posted: a failure makes the server call again
    response.writeHead(204).end();
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('bot: a call failed', error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}/webhooks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

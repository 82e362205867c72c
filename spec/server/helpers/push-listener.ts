import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PushDelivery } from '../../../lib/protocol';

/** A real HTTP listener on 127.0.0.1 standing in for a push service: it records every POSTed `PushDelivery`. */
export interface PushListener {
  readonly url: string;
  readonly received: PushDelivery[];
  /** The status it answers (default 200); set it to make deliveries fail. */
  status: number;
  close(): Promise<void>;
}

/** Starts a push listener on a free loopback port. */
export async function startPushListener(): Promise<PushListener> {
  const received: PushDelivery[] = [];
  const listener = { status: 200 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as PushDelivery);
      res.writeHead(listener.status);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(listener, {
    url: `http://127.0.0.1:${port}/push`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  });
}

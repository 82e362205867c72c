/**
 * Worker: the fan-out floor — a minimal `ws` relay that sends every frame it receives, as it is,
 * to every connected socket (the sender too: its echo is its acknowledgement, as the real server
 * sends the sender its own message). No protocol, no storage, no batching.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { serve } from '../lib/worker';

let wss: WebSocketServer | null = null;
const sockets = new Set<WebSocket>();

/** The relay worker's methods. */
export const methods = {
  async start() {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, clientTracking: false });
    wss = server;
    server.on('connection', (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => undefined);
      ws.on('message', (data, isBinary) => {
        for (const socket of sockets) socket.send(data, { binary: isBinary });
      });
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}` };
  },
  async close() {
    for (const socket of sockets) socket.terminate();
    await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
    wss = null;
  }
};

serve(methods, () => methods.close());

import { randomBytes } from 'node:crypto';
import WebSocket, { WebSocketServer } from 'ws';
import { LIMITS, PROTOCOL_VERSION } from '../../../lib/protocol';
import { createTokenService } from '../../../lib/server/auth/tokens';
import { decodeJwt } from 'jose';

/** What a hostile peer answers to a request: a result, or raw text to send as the reply frame. */
export type Answer = { result: unknown } | { raw: string };

/**
 * A raw `ws` server on 127.0.0.1:0 posing as the service: it welcomes a client, answers its
 * requests with what the test tells it, and sends whatever the test wants — well-formed or not.
 * Tokens it hands out carry its URL and are signed with a throwaway secret (clients do not
 * verify tokens; servers do).
 */
export class HostilePeer {
  readonly requests: { id: number; command: string; args: unknown }[] = [];
  private readonly answers = new Map<string, (args: unknown, id: number) => Answer>();
  private socket: WebSocket | null = null;
  private position = 1;

  private constructor(
    private readonly wss: WebSocketServer,
    readonly url: string
  ) {
    wss.on('connection', (ws) => {
      this.socket = ws;
      ws.on('message', (data: Buffer) => this.receive(ws, data.toString()));
    });
  }

  /** Starts a peer on a free loopback port. */
  static async start(): Promise<HostilePeer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    const { port } = wss.address() as { port: number };
    return new HostilePeer(wss, `ws://127.0.0.1:${port}/v1/ws`);
  }

  /** A token for `identity` that names this peer as the service. */
  token(identity: string): Promise<string> {
    const service = createTokenService({
      secret: randomBytes(32),
      url: () => this.url,
      defaultTtlSeconds: 3600,
      maxTtlSeconds: 86400
    });
    return service.issue(identity);
  }

  /** How to answer a command from now on. */
  answer(command: string, answer: (args: unknown, id: number) => Answer): void {
    this.answers.set(command, answer);
  }

  /** Sends a frame (text, or bytes as a binary frame) to the connected client. */
  send(data: string | Buffer): void {
    if (!this.socket) throw new Error('no client connected');
    this.socket.send(data, { binary: Buffer.isBuffer(data) });
  }

  /** Whether a client is connected now. */
  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
  }

  private receive(ws: WebSocket, text: string): void {
    const frame = JSON.parse(text) as { type: string; id: number; command: string; args: unknown; token: string };
    if (frame.type === 'handshake') {
      const identity = decodeJwt(frame.token).sub;
      ws.send(
        JSON.stringify({
          type: 'welcome',
          protocol: PROTOCOL_VERSION,
          identity,
          sessionId: 'hostile',
          position: this.position,
          resume: 'fresh',
          expiresAt: Date.now() + 3600_000,
          httpUrl: this.url.replace('ws:', 'http:').replace('/v1/ws', ''),
          reachabilityEnabled: true,
          limits: { ...LIMITS, heartbeatIntervalMs: 30000 }
        })
      );
      return;
    }
    if (frame.type === 'ping') return void ws.send('{"type":"pong"}');
    if (frame.type !== 'request') return;
    this.requests.push({ id: frame.id, command: frame.command, args: frame.args });
    const answer = this.answers.get(frame.command)?.(frame.args, frame.id) ?? { result: {} };
    ws.send('raw' in answer ? answer.raw : JSON.stringify({ type: 'reply', id: frame.id, result: answer.result }));
  }
}

import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { LIMITS } from '../../protocol';
import type { Logger } from '../options';
import { LogThrottle } from './log-throttle';
import { RateLimiter } from './rate-limit';
import { Session, type SessionDeps } from './session';

/** The path WebSocket clients connect to. */
export const WS_PATH = '/v1/ws';

/** How long shutdown waits for sessions to finish their close handshake. */
const SHUTDOWN_GRACE_MS = 3000;

/**
 * Accepts WebSocket connections on {@link WS_PATH} of the HTTP server, one {@link Session}
 * each, and pings them every `heartbeatIntervalMs`: a peer that did not answer the previous
 * ping is cut. A frame over `LIMITS.maxFrameBytes` closes the connection (1009) as soon as its
 * header announces it: `ws` keeps none of its bytes (`maxPayload`). The limit is one for every
 * connection (`ws` has no per-connection one); the smaller one before the handshake is the
 * session's. What sessions log goes through one {@link LogThrottle}.
 */
export class Gateway {
  readonly sessions = new Set<Session>();
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: LIMITS.maxFrameBytes,
    clientTracking: false
  });
  private readonly heartbeat: NodeJS.Timeout;
  private readonly limiter: RateLimiter;
  private readonly log: LogThrottle;
  private closing = false;

  constructor(
    server: Server,
    private readonly deps: Omit<SessionDeps, 'onClose' | 'limiter' | 'log'> & { logger: Logger }
  ) {
    const { options } = deps;
    this.log = new LogThrottle(deps.logger);
    this.limiter = new RateLimiter({
      connection: { ratePerSecond: options.framesPerSecond, burst: options.frameBurst },
      identity: { ratePerSecond: options.identityRequestsPerSecond, burst: options.identityRequestBurst },
      graceMs: options.rateLimitGraceMs
    });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(request, socket, head)
    );
    this.heartbeat = setInterval(() => this.beat(), deps.options.heartbeatIntervalMs);
    this.heartbeat.unref();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    const path = (request.url ?? '').split('?')[0];
    if (this.closing || path !== WS_PATH) {
      socket.end(`HTTP/1.1 ${this.closing ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const session = new Session(ws, {
        ...this.deps,
        limiter: this.limiter,
        log: this.log,
        onClose: (closed) => this.sessions.delete(closed)
      });
      this.sessions.add(session);
    });
  }

  private beat(): void {
    this.limiter.sweep();
    for (const session of this.sessions) {
      if (!session.alive) {
        session.terminate();
        continue;
      }
      session.alive = false;
      session.ping();
    }
  }

  /** Stops accepting, closes every session with 1001 (going away) and waits for them to end. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const session of this.sessions) session.shutdown();
    const deadline = Date.now() + SHUTDOWN_GRACE_MS;
    while (this.sessions.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    for (const session of this.sessions) session.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.log.close();
  }
}

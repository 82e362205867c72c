import { randomUUID } from 'node:crypto';
import type * as t from 'io-ts';
import type WebSocket from 'ws';
import type { RawData } from 'ws';
import {
  CloseCode,
  ErrorCode,
  type CommandName,
  type HandshakeFrame,
  LIMITS,
  PIPELINED_COMMANDS,
  PROTOCOL_VERSION,
  type RequestFrame,
  type WireError,
  type WelcomeFrame,
  commandCodecs,
  decode,
  isCommandName,
  wireError
} from '../../protocol';
import type { TokenService } from '../auth/tokens';
import type { DomainContext, RequestHooks } from '../domain/context';
import { DomainError } from '../domain/errors';
import { ensureUser } from '../domain/users';
import type { Hub, HubSession } from '../hub/hub';
import type { BatchFrames, PreparedEvent } from '../hub/prepared-event';
import type { ResolvedOptions } from '../options';
import { type SessionControl, runCommand } from './commands';
import { Admission } from './admission';
import { classify } from './inbound';
import type { LogThrottle } from './log-throttle';
import { Outbound } from './outbound';
import type { ConnectionLimits, RateLimiter } from './rate-limit';
import { type ResumePlan, planResume, streamReplay } from './replay';

/** What a session needs from the server. */
export interface SessionDeps {
  ctx: DomainContext;
  hub: Hub;
  tokens: TokenService;
  options: ResolvedOptions;
  /** Where what a client causes is logged, within a fixed bound. */
  log: LogThrottle;
  httpUrl: () => string;
  limiter: RateLimiter;
  onClose: (session: Session) => void;
}

/** Longest delay `setTimeout` takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One client connection: the handshake (token, protocol version, resume), then requests run
 * one after another in the order received, replies and events written through {@link Outbound}.
 * Nothing a client sends escapes as an exception: bad frames get error replies and are counted,
 * and every frame is charged to the rate limits ({@link Admission}); a bad handshake is denied.
 */
export class Session implements HubSession, SessionControl {
  readonly id = randomUUID();
  identity = '';

  /** Who this session is, for log lines. */
  private get who(): string {
    return this.identity || '(no handshake)';
  }
  position = 0;
  /** Set by the gateway's heartbeat; a pong sets it back. */
  alive = true;
  private state: 'new' | 'handshaking' | 'open' | 'closed' = 'new';
  private pending = 0;
  private chain: Promise<void> = Promise.resolve();
  /** Replies, in request order. */
  private replies: Promise<void> = Promise.resolve();
  private expiresAt = 0;
  private expiryTimer: NodeJS.Timeout | undefined;
  private readonly handshakeTimer: NodeJS.Timeout;
  private readonly out: Outbound;
  private readonly limits: ConnectionLimits;
  private readonly admission: Admission;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: SessionDeps
  ) {
    this.out = new Outbound(ws, deps.options.maxBufferedBytes, (bytes) =>
      deps.log.warn(
        this.id,
        'slow consumer',
        `slow consumer: session ${this.id} of ${this.who} has ${bytes} bytes unsent; closing it (4008)`
      )
    );
    this.handshakeTimer = setTimeout(
      () => this.out.close(CloseCode.ProtocolError, wireError(ErrorCode.HandshakeRequired, 'No handshake in time')),
      deps.options.handshakeTimeoutMs
    );
    this.limits = deps.limiter.connection();
    this.admission = new Admission(ws, this.out, this.limits, deps.options.maxBadFrames, () =>
      deps.log.warn(
        this.id,
        'rate limit',
        `rate limit: session ${this.id} of ${this.who} stayed over its limit; closing it (4029)`
      )
    );
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('close', () => this.closed());
    ws.on('error', () => this.unreadable());
  }

  /**
   * The peer broke the WebSocket layer (a frame over `maxFrameBytes`, invalid UTF-8) and `ws` has
   * sent its close frame (1009, 1007). Nothing more of it is read (`ws` would read and drop the
   * rest of a flood while it waits for the peer's close), and it is cut after the close grace.
   */
  private unreadable(): void {
    // after `ws` resumes the socket (on the next tick) to see its end
    setImmediate(() => this.ws.pause());
    this.out.close(
      CloseCode.TooLarge,
      wireError(ErrorCode.BadRequest, 'The connection broke the WebSocket protocol'),
      false
    );
  }

  /** Sends a WebSocket-level ping. */
  ping(): void {
    this.ws.ping();
  }

  /** Cuts the connection at once (a dead peer). */
  terminate(): void {
    this.ws.terminate();
  }

  /** Closes the session because the server is shutting down (1001). */
  shutdown(): void {
    this.out.close(CloseCode.GoingAway, wireError(ErrorCode.Unavailable, 'The server is shutting down: reconnect'));
  }

  enqueue(event: PreparedEvent): void {
    this.out.enqueue(event);
  }

  flush(frames: BatchFrames): void {
    this.out.flush(frames);
  }

  subscribeUsers(identities: readonly string[]): void {
    this.deps.hub.subscribeUsers(this, identities);
  }

  unsubscribeUsers(identities: readonly string[]): void {
    this.deps.hub.unsubscribeUsers(this, identities);
  }

  async updateToken(token: string): Promise<{ expiresAt: number }> {
    const verified = await this.deps.tokens.verify(token);
    if (!verified.ok) throw new DomainError(verified.code, verified.message, 'args.token');
    if (verified.identity !== this.identity) {
      throw new DomainError(ErrorCode.TokenInvalid, 'The new token is for another identity', 'args.token');
    }
    this.expiresAt = verified.expiresAt;
    this.armExpiry();
    return { expiresAt: this.expiresAt };
  }

  private receive(data: RawData, isBinary: boolean): void {
    try {
      const inbound = classify(data, isBinary, this.state === 'new');
      if (this.state === 'new' && (inbound.kind === 'bad-handshake' || inbound.kind === 'refused')) {
        return this.deny(inbound.error.code as ErrorCode, inbound.error.message, inbound.error.path);
      }
      if (
        inbound.kind !== 'handshake' &&
        !this.admission.admitted(inbound.kind === 'request' ? inbound.frame.id : null)
      )
        return;
      switch (inbound.kind) {
        case 'ping':
          return this.out.send({ type: 'pong' });
        case 'pong':
          return;
        case 'bad':
          return this.bad(inbound.id, inbound.error);
        case 'refused':
          return this.admission.refused(inbound.error);
        case 'bad-handshake':
          return this.bad(0, wireError(ErrorCode.HandshakeRequired, 'The handshake was already made'));
        case 'handshake':
          if (this.state !== 'new')
            return this.bad(0, wireError(ErrorCode.HandshakeRequired, 'The handshake was already made'));
          this.state = 'handshaking';
          clearTimeout(this.handshakeTimer);
          this.chain = this.chain.then(() => this.handshake(inbound.frame));
          return;
        case 'request':
          if (this.state === 'new')
            return this.bad(inbound.frame.id, wireError(ErrorCode.HandshakeRequired, 'Send the handshake first'));
          return this.request(inbound.frame);
      }
    } catch (error) {
      this.deps.log.error(this.id, 'frame failed', `session ${this.id}: failed to handle a frame`, error);
      this.out.error(0, wireError(ErrorCode.Internal, 'Internal error'));
    }
  }

  private bad(id: number, error: WireError): void {
    this.admission.bad(id, error, this.state === 'new');
  }

  private request(frame: RequestFrame): void {
    if (!isCommandName(frame.command)) {
      return this.bad(frame.id, wireError(ErrorCode.UnknownCommand, `Unknown command '${frame.command}'`, 'command'));
    }
    const name = frame.command;
    // Each command's codec decodes `unknown`; the union of them is too wide to name.
    const codec = commandCodecs[name].args as unknown as t.Type<unknown, unknown, unknown>;
    // a missing `args` is `{}`; anything else must be the command's arguments object
    const args = decode(codec, frame.args === undefined ? {} : frame.args, 'args');
    if (!args.ok) return this.bad(frame.id, wireError(ErrorCode.BadRequest, args.message, args.path));
    this.admission.good();
    if (this.pending >= this.deps.options.maxPendingRequests) {
      return this.out.error(frame.id, wireError(ErrorCode.RateLimited, 'Too many requests waiting: slow down'));
    }
    this.pending++;
    this.chain = this.chain.then(() => new Promise<void>((next) => this.run(frame.id, name, args.value, next)));
  }

  /**
   * Runs one request; `next` lets the session's next request start: when this one is done, or —
   * for a {@link PIPELINED_COMMANDS} command — as soon as its transaction has run, while it commits. Replies
   * go out in request order either way, each before the events its command caused (the hub sends
   * those on the next tick), carrying the seq of the last of them.
   */
  private run(id: number, name: CommandName, args: unknown, next: () => void): void {
    if (this.state !== 'open') {
      this.pending--;
      return next();
    }
    let position: number | undefined;
    const hooks: RequestHooks = {
      committed: (seq: number) => (position = Math.max(position ?? 0, seq)),
      executed: PIPELINED_COMMANDS.has(name) ? next : undefined
    };
    // (a handler may also throw before it returns its promise)
    const outcome = new Promise((resolve) => resolve(runCommand(name, this.deps.ctx, this, args, hooks))).then(
      (result) => () => this.out.result(id, result, position),
      (error: unknown) => () => this.out.error(id, this.toWire(error))
    );
    void outcome.then(next);
    this.replies = this.replies
      .then(() => outcome)
      .then((reply) => {
        try {
          reply();
        } catch (error) {
          this.out.error(id, this.toWire(error));
        } finally {
          this.pending--;
        }
      });
  }

  private toWire(error: unknown): WireError {
    if (error instanceof DomainError) return error.toWire();
    this.deps.log.error(this.id, 'command failed', `session ${this.id} of ${this.identity}: a command failed`, error);
    return wireError(ErrorCode.Internal, 'Internal error: nothing was changed');
  }

  /** Answers the handshake (or what came instead of it) with `denied`, and closes (4001). */
  private deny(code: ErrorCode, message: string, path?: string): void {
    this.state = 'closed';
    clearTimeout(this.handshakeTimer);
    const error = wireError(code, message, path);
    this.out.send({ type: 'denied', error });
    this.out.close(CloseCode.Denied, error, false);
  }

  private async handshake(frame: HandshakeFrame): Promise<void> {
    try {
      if (frame.protocol !== PROTOCOL_VERSION) {
        return this.deny(
          ErrorCode.ProtocolVersion,
          `This server speaks protocol ${PROTOCOL_VERSION}, not ${frame.protocol}`
        );
      }
      const verified = await this.deps.tokens.verify(frame.token);
      if (!verified.ok) return this.deny(verified.code, verified.message);
      const { ctx, hub, options } = this.deps;
      this.identity = verified.identity;
      this.expiresAt = verified.expiresAt;
      await ensureUser(ctx, this.identity);
      if (!this.out.open) return;
      // The hub records what it dispatches while the snapshot is read: attaching with it makes
      // live delivery continue exactly after the snapshot's head, whether the hub was behind the
      // snapshot or ahead of it (events of other transactions, or other processes, commit and
      // arrive concurrently). Live events wait behind the replay, which is written page by page
      // as the socket drains.
      const capture = hub.capture();
      const snapshot = await ctx.storage
        .read(async (reader) => ({
          plan: await planResume(reader, this.identity, frame.resume?.position ?? null, options.replayLimit),
          sids: await reader.conversationSidsOf(this.identity)
        }))
        .catch((error: unknown) => {
          capture.take();
          throw error;
        });
      const missed = capture.take();
      if (!this.out.open) return;
      const { plan, sids } = snapshot;
      this.position = plan.head;
      this.state = 'open';
      this.limits.identify(this.identity);
      hub.attach(this, sids, missed);
      this.out.send(this.welcome(plan.head, plan.outcome));
      if (plan.outcome === 'resumed') this.out.hold();
      // counted even without reachability: push notifications go to users offline
      ctx.presence.connect(this.identity);
      this.armExpiry();
      if (plan.outcome === 'resumed') await this.replay(plan);
    } catch (error) {
      this.deps.log.error(this.id, 'handshake failed', `session ${this.id}: the handshake failed`, error);
      this.deny(ErrorCode.Internal, 'Internal error during the handshake');
    }
  }

  /** Writes the missed events ahead of the held live ones; requests wait until it is done. */
  private async replay(plan: ResumePlan): Promise<void> {
    const sink = { ready: () => this.out.drained(), write: (text: string) => this.out.write(text) };
    const outcome = await streamReplay(this.deps.ctx.storage, this.identity, plan, sink);
    if (outcome === 'pruned') {
      this.out.close(
        CloseCode.GoingAway,
        wireError(ErrorCode.Unavailable, 'Events you missed were pruned meanwhile: reconnect to resynchronise')
      );
      return;
    }
    this.out.release();
  }

  private welcome(position: number, resume: WelcomeFrame['resume']): WelcomeFrame {
    return {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      identity: this.identity,
      sessionId: this.id,
      position,
      resume,
      expiresAt: this.expiresAt,
      httpUrl: this.deps.httpUrl(),
      reachabilityEnabled: this.deps.ctx.reachabilityEnabled,
      limits: {
        ...LIMITS,
        heartbeatIntervalMs: this.deps.options.heartbeatIntervalMs,
        maxMediaBytes: this.deps.options.maxMediaBytes
      }
    };
  }

  private armExpiry(): void {
    clearTimeout(this.expiryTimer);
    const delay = this.expiresAt - Date.now();
    this.expiryTimer = setTimeout(
      () => {
        if (Date.now() < this.expiresAt) return this.armExpiry();
        this.out.close(
          CloseCode.Denied,
          wireError(ErrorCode.TokenExpired, 'The token has expired: reconnect with a new one')
        );
      },
      Math.min(Math.max(delay, 0), MAX_TIMER_MS)
    );
  }

  private closed(): void {
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    clearTimeout(this.handshakeTimer);
    clearTimeout(this.expiryTimer);
    this.limits.release();
    if (wasOpen) {
      this.deps.hub.detach(this);
      this.deps.ctx.presence.disconnect(this.identity);
    }
    this.deps.onClose(this);
  }
}

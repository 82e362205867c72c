import {
  commandCodecs,
  RETRY_SAFE_COMMANDS,
  decode,
  ErrorCode,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type WireError
} from '../../protocol';
import type { Type } from 'io-ts';
import type { SchedulerLike, Subscription } from 'rxjs';
import { after } from '../util/scheduler';
import { ConversationsError } from '../errors';

/**
 * The arguments as the server will receive them (their JSON), checked with the command's codec:
 * a value JSON cannot carry (a BigInt, a cycle) or that the server would refuse is a
 * `BadRequest` naming the field, before anything is sent.
 */
function checkArgs(command: CommandName, args: unknown): unknown {
  let wire: unknown;
  try {
    const text = JSON.stringify(args);
    wire = text === undefined ? undefined : JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return new ConversationsError(ErrorCode.BadRequest, `${command}: the arguments are not JSON (${reason})`, {
      path: 'args'
    });
  }
  const checked = decode(commandCodecs[command].args as Type<unknown>, wire ?? {}, 'args');
  if (!checked.ok)
    return new ConversationsError(ErrorCode.BadRequest, `${command}: ${checked.message}`, { path: checked.path });
  return wire ?? {};
}

/** First wait before a command the server refused as `RateLimited` goes again; it doubles each time, up to the cap. */
const RATE_LIMITED_RETRY_MS = 250;
const RATE_LIMITED_RETRY_CAP_MS = 4000;

interface Pending {
  id: number;
  command: CommandName;
  args: unknown;
  sent: boolean;
  timer: Subscription | null;
  /** Times the server refused it as rate limited; while `retry` is set, it waits to go again. */
  refusals: number;
  retry: Subscription | null;
  /** Set when the reply arrived and waits for the store to reach `position`. */
  settled: { result: unknown; position: number } | null;
  resolve(value: unknown): void;
  reject(error: ConversationsError): void;
}

/** How a reply's result reaches the store before the caller sees it. */
export type ResultHandler<K extends CommandName> = (result: CommandResult<K>, position: number | undefined) => void;

/**
 * Request/reply over the connection: ids, timeouts (offline time included), the offline queue,
 * resending after a reconnect, and holding each reply until the store has applied the events its
 * command caused (`position`).
 */
export class Requests {
  #nextId = 1;
  #pending = new Map<number, Pending & { onResult?: (result: unknown, position: number | undefined) => void }>();
  #closedWith: ConversationsError | null = null;

  constructor(
    private readonly send: (frame: object) => boolean,
    private readonly timeoutMs: number,
    private readonly scheduler: SchedulerLike,
    private readonly appliedPosition: () => number,
    /** Told when a reply's result does not decode (its command fails with `Internal`). */
    private readonly malformed: (message: string) => void = () => undefined
  ) {}

  /**
   * Sends `command` (now, or when connected) and resolves with its decoded result once the store
   * reflects it. `onResult` runs first, to dispatch the result into the store.
   */
  request<K extends CommandName>(
    command: K,
    args: CommandArgs<K>,
    onResult?: ResultHandler<K>,
    timeoutMs = this.timeoutMs
  ): Promise<CommandResult<K>> {
    if (this.#closedWith) return Promise.reject(this.#closedWith);
    const wire = checkArgs(command, args);
    if (wire instanceof ConversationsError) return Promise.reject(wire);
    return new Promise<CommandResult<K>>((resolve, reject) => {
      const id = this.#nextId++;
      const pending: Pending & { onResult?: (result: unknown, position: number | undefined) => void } = {
        id,
        command,
        args: wire,
        sent: false,
        timer: null,
        refusals: 0,
        retry: null,
        settled: null,
        resolve: resolve,
        reject,
        onResult: onResult as ((result: unknown, position: number | undefined) => void) | undefined
      };
      pending.timer = after(this.scheduler, timeoutMs, () => {
        this.#pending.delete(id);
        pending.retry?.unsubscribe();
        const where =
          pending.refusals > 0
            ? 'the server kept refusing it as rate limited'
            : pending.sent
              ? 'no reply'
              : 'the client was offline';
        reject(new ConversationsError(ErrorCode.Timeout, `${command} timed out after ${timeoutMs} ms (${where})`));
      });
      this.#pending.set(id, pending);
      this.transmit(pending);
    });
  }

  /** After a new handshake: send what waits, resend what lost its reply, fail unsafe writes in doubt. */
  connected(): void {
    for (const pending of [...this.#pending.values()]) {
      if (pending.settled) continue;
      if (pending.sent && !RETRY_SAFE_COMMANDS.has(pending.command)) {
        this.finish(pending, () =>
          pending.reject(
            new ConversationsError(
              ErrorCode.Unavailable,
              `${pending.command}: the connection dropped before the reply; it may or may not have been applied`
            )
          )
        );
        continue;
      }
      pending.sent = false;
      this.transmit(pending);
    }
  }

  /** A reply arrived. */
  reply(id: number, result: unknown, position: number | undefined): void {
    const pending = this.#pending.get(id);
    if (!pending || pending.settled) return;
    const decoded = decode(commandCodecs[pending.command].result as Type<unknown>, result, 'result');
    if (!decoded.ok) {
      const message = `${pending.command}: malformed reply: ${decoded.message}`;
      this.finish(pending, () => pending.reject(new ConversationsError(ErrorCode.Internal, message)));
      this.malformed(message);
      return;
    }
    pending.settled = { result: decoded.value, position: position ?? 0 };
    try {
      pending.onResult?.(decoded.value, position);
    } catch (error) {
      this.finish(pending, () => pending.reject(ConversationsError.from(error)));
      return;
    }
    // the store flushes in a microtask queued by onResult's dispatch (or earlier): check after it
    queueMicrotask(() => {
      if (this.#pending.get(id) === pending && pending.settled && pending.settled.position <= this.appliedPosition()) {
        this.finish(pending, () => pending.resolve(decoded.value));
      }
    });
  }

  /**
   * An error reply arrived. `RateLimited` means the server refused the request before running
   * it: it goes again after a backoff (250 ms, doubling up to 4 s, jittered), within its timeout.
   */
  replyError(id: number, error: WireError): void {
    const pending = this.#pending.get(id);
    if (!pending || pending.settled) return;
    if (error.code === ErrorCode.RateLimited) {
      pending.sent = false;
      const delay =
        Math.min(RATE_LIMITED_RETRY_CAP_MS, RATE_LIMITED_RETRY_MS * 2 ** pending.refusals++) *
        (0.5 + Math.random() / 2);
      pending.retry = after(this.scheduler, delay, () => {
        pending.retry = null;
        if (this.#pending.get(id) === pending) this.transmit(pending);
      });
      return;
    }
    this.finish(pending, () => pending.reject(ConversationsError.fromWire(error)));
  }

  /** The store published a batch: resolve the replies whose events it now holds. */
  applied(position: number): void {
    for (const pending of [...this.#pending.values()]) {
      const settled = pending.settled;
      if (settled && settled.position <= position) this.finish(pending, () => pending.resolve(settled.result));
    }
  }

  /** Fails everything, now and later, with `error`. */
  close(error: ConversationsError): void {
    this.#closedWith = error;
    for (const pending of [...this.#pending.values()]) this.finish(pending, () => pending.reject(error));
  }

  private transmit(pending: Pending): void {
    if (pending.sent) return;
    pending.sent = this.send({ type: 'request', id: pending.id, command: pending.command, args: pending.args });
  }

  private finish(pending: Pending, settle: () => void): void {
    pending.timer?.unsubscribe();
    pending.retry?.unsubscribe();
    this.#pending.delete(pending.id);
    settle();
  }
}

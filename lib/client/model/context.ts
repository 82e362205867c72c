import type { SchedulerLike } from 'rxjs';
import type { CommandArgs, CommandName, CommandResult } from '../../protocol';
import type { ResolvedOptions } from '../options';
import type { Action } from '../store/actions';
import type { State } from '../store/state';

/**
 * What a model object needs from its client: the current state, commands and time. Implemented by
 * the client's session; models never touch sockets, and this names none of them (the registry of
 * model objects is `Models`).
 */
export interface ModelContext {
  readonly options: ResolvedOptions;
  /** The client's clock and timers. */
  readonly scheduler: SchedulerLike;
  /** The current, frozen state. */
  getState(): State;
  /** Sends a command once initialized; `onResult` puts its result into the store before the caller resumes. */
  command<K extends CommandName>(
    command: K,
    args: CommandArgs<K>,
    onResult?: (result: CommandResult<K>, position: number | undefined) => void
  ): Promise<CommandResult<K>>;
  /** Queues store actions (reduced together at the end of the tick). */
  dispatch(...actions: Action[]): void;
  /** Resolves once initialized; rejects at once after a failed initialization or a shutdown. */
  ready(): Promise<void>;
  /** The identity of the current user. */
  identity(): string;
  /** A fresh idempotency key. */
  newKey(): string;
  /** Subscribes a user (evicting the oldest subscription past the cap). */
  subscribeUser(identity: string): Promise<void>;
  /** Base URL of the server's HTTP endpoints (from the welcome); '' before the first one. */
  httpUrl(): string;
  /** The current access token (for HTTP endpoints such as media upload). */
  accessToken(): string;
  /** The limits the server announced in its welcome (`LIMITS` plus `maxMediaBytes`, `heartbeatIntervalMs`). */
  serverLimits(): Readonly<Record<string, number>>;
}

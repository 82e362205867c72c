import type { CommandArgs, CommandName, CommandResult, MessageData } from '../../protocol';
import type { Action } from '../store/actions';
import type { State } from '../store/state';
import type { ResolvedOptions } from '../options';
import type { Conversation } from './conversation';
import type { Message } from './message';
import type { Participant } from './participant';
import type { User } from './user';
import type { ContentTemplate } from '../content/content-template';

/**
 * What a model object needs from its client: the current state, commands, and the registry of
 * identity-stable model objects. Implemented by the client's core; models never touch sockets.
 */
export interface ModelContext {
  readonly options: ResolvedOptions;
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
  conversation(sid: string): Conversation;
  participant(conversationSid: string, participantSid: string): Participant;
  /** The Message model of an index; `seed` is its data when the store may not hold it. */
  message(conversationSid: string, index: number, seed?: MessageData): Message;
  user(identity: string): User;
  /** Subscribes a user (evicting the oldest subscription past the cap) and answers its model. */
  getUser(identity: string): Promise<User>;
  /** Base URL of the server's HTTP endpoints (from the welcome); '' before the first one. */
  httpUrl(): string;
  /** The current access token (for HTTP endpoints such as media upload). */
  accessToken(): string;
  /** The limits the server announced in its welcome (`LIMITS` plus `maxMediaBytes`, `heartbeatIntervalMs`). */
  serverLimits(): Readonly<Record<string, number>>;
  /** The service's content templates, fetched at most once per 5 s. */
  contentTemplates(): Promise<readonly ContentTemplate[]>;
}

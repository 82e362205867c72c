import type { ServerEvent } from '../../protocol';

/** Where an event goes, beside what it is. */
export interface EventRouting {
  /** The conversation whose participants receive it. */
  conversationSid: string | null;
  /** The only identity that receives it (targeted events such as `userConversationUpdated`). */
  targetIdentity: string | null;
  /** Whose membership this event starts (`participantJoined`) or ends (`participantLeft`). */
  member?: string;
  /** The user a `userUpdated` is about: it goes to the sessions subscribed to that user. */
  user?: string;
  /** An identity whose sessions must not receive it (the typer of `typingStarted`). */
  excludeIdentity?: string;
}

/**
 * An event on its way to the sessions, typed by its name as the domain emitted it. Durable events
 * carry the `seq` the log gave them; ephemeral ones (`typingStarted`, `userUpdated`) carry none.
 */
export type BusEvent = ServerEvent & EventRouting;

/** Receives batches of events from a {@link Bus}. */
export type BusHandler = (events: readonly BusEvent[]) => void;

/**
 * How events reach the sessions of every server process. Publishers send batches of events
 * after their commit; subscribers receive every batch, from this process or another (batches
 * of different processes, and of concurrent transactions, may arrive out of seq order: the hub
 * re-orders).
 */
export interface Bus {
  publish(events: readonly BusEvent[]): void;
  /**
   * Registers a handler; answers a function that removes it. With `local`, the handler only
   * gets the batches published by this process (work done once per event across the cluster).
   */
  subscribe(handler: BusHandler, options?: { local?: boolean }): () => void;
  close(): Promise<void>;
}

import type { JSONValue } from '../../protocol';

/**
 * An event on its way to the sessions. Durable events carry the `seq` the log gave them;
 * ephemeral ones (`typingStarted`, `userUpdated`) carry none.
 */
export interface BusEvent {
  seq?: number;
  name: string;
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
  data: JSONValue;
}

/**
 * How events reach the sessions of every server process. Publishers send batches of events
 * in seq order; subscribers receive every batch, from this process or (later) another.
 */
export interface Bus {
  publish(events: readonly BusEvent[]): void;
  /** Registers a handler; answers a function that removes it. */
  subscribe(handler: (events: readonly BusEvent[]) => void): () => void;
  close(): Promise<void>;
}

import { Immer, type Draft } from 'immer';
import type { Emission } from '../emissions';
import { editableEntry, editableWindow } from '../copy';
import { deepFreeze } from '../freeze';
import { writable } from '../records';
import type {
  ConversationEntry,
  HistoryEntry,
  MessageWindow,
  RosterEntry,
  SessionState,
  State,
  UserEntry
} from '../state';
import { evictChunks, type WindowWrites } from './eviction';
import { sealConversation, sealRoster, sealTyping, sealUser, sealWindow, type TypingSet } from './seal';
import { Table } from './table';

/** The store's own immer instance, so that nobody's global `setAutoFreeze` can unfreeze the state. */
const immer = new Immer({ autoFreeze: true });

export type { TypingSet, WindowWrites };

/**
 * One batch under way: immer drafts of the small singletons (session, connection), made only when
 * the batch writes them; a copy-on-write table for each record of entities; and the emissions in
 * the order things happened. `commit()` puts the next state together from them.
 *
 * Why not one `produce` over the whole state: the records are written through the tables anyway,
 * and a root draft made and finalized for every batch cost about half of a one-event batch (15 µs,
 * measured), the common case of a client receiving one message at a time.
 */
export class Tx {
  /** The documented events this batch causes, in order. */
  readonly emissions: Emission[] = [];
  /** Conversations by sid. */
  readonly conversations: Table<ConversationEntry>;
  /** Rosters by conversation sid. */
  readonly participants: Table<RosterEntry>;
  /** Message windows by conversation sid. */
  readonly messages: Table<MessageWindow>;
  /** Users by identity. */
  readonly users: Table<UserEntry>;
  /** Who is typing, by conversation sid. */
  readonly typing: Table<TypingSet>;
  /** The seq of the last durable event applied; written to the session at commit. */
  position: number;
  /** Windows that received messages in this batch, by conversation sid. */
  readonly inserts = new Map<string, WindowWrites>();
  readonly #base: State;
  #session: Draft<SessionState> | null = null;
  #connection: Draft<State['connection']> | null = null;
  #history: Table<HistoryEntry> | null = null;

  /** @param base the state the batch starts from (frozen). */
  constructor(base: State) {
    this.#base = base;
    this.conversations = new Table(base.conversations, sealConversation, editableEntry);
    this.participants = new Table(base.participants, sealRoster, writable);
    this.messages = new Table(base.messages, sealWindow, editableWindow);
    this.users = new Table(base.users, sealUser, writable);
    this.typing = new Table(base.typing, sealTyping, writable);
    this.position = base.session.position;
  }

  /** The session, writable (an immer draft, made on first use). To read the identity, use `identity`. */
  get session(): Draft<SessionState> {
    return (this.#session ??= immer.createDraft(this.#base.session));
  }

  /** The current user's identity, once known (read without drafting the session). */
  get identity(): string | null {
    return (this.#session ?? this.#base.session).identity;
  }

  /** The connection, writable (an immer draft, made on first use). */
  get connection(): Draft<State['connection']> {
    return (this.#connection ??= immer.createDraft(this.#base.connection));
  }

  /** History loading by conversation sid (made on first use: few batches touch it). */
  get history(): Table<HistoryEntry> {
    return (this.#history ??= new Table(this.#base.history, freezeEntry, writable));
  }

  /** The store's settings. */
  get config(): State['config'] {
    return this.#base.config;
  }

  /** Records an emission; a removed value it carries is frozen, like the state. */
  emit(emission: Emission): void {
    if ('last' in emission) deepFreeze(emission.last);
    this.emissions.push(emission);
  }

  /** Notes that chunks `from`..`to` of a window were written by an insert. */
  inserted(conversationSid: string, from: number, to: number): void {
    const writes = this.inserts.get(conversationSid);
    if (writes === undefined) {
      // one message is one chunk: a literal, not a loop (this runs for every messageAdded)
      this.inserts.set(conversationSid, { written: from === to ? [from] : span(from, to), from, to });
      return;
    }
    const written = writes.written;
    if (from !== to || written[written.length - 1] !== from) {
      for (let key = from; key <= to; key++) if (!written.includes(key)) written.push(key);
    }
    writes.from = from;
    writes.to = to;
  }

  /** Notes that a chunk was rewritten in place (an update): eviction spares it in this batch. */
  rewritten(conversationSid: string, key: number): void {
    const writes = this.inserts.get(conversationSid);
    if (writes === undefined) this.inserts.set(conversationSid, { written: [key], from: key, to: key });
    else if (!writes.written.includes(key)) writes.written.push(key);
  }

  /**
   * Ends the batch: evicts what the memory bound requires, then answers the next state, frozen —
   * the base itself when the batch changed nothing.
   */
  commit(): State {
    evictChunks(this);
    const base = this.#base;
    let session = this.#session === null ? base.session : immer.finishDraft(this.#session);
    if (session.position !== this.position) session = Object.freeze(withPosition(session, this.position));
    const next: Required<State> = {
      config: base.config,
      connection: this.#connection === null ? base.connection : immer.finishDraft(this.#connection),
      session,
      conversations: this.conversations.result(),
      participants: this.participants.result(),
      messages: this.messages.result(),
      users: this.users.result(),
      typing: this.typing.result(),
      history: this.#history === null ? base.history : this.#history.result()
    };
    for (const key in next) {
      if (next[key as keyof State] !== base[key as keyof State]) return Object.freeze(next);
    }
    return base;
  }
}

/** The session at another position (a literal: every field, checked by the compiler). */
function withPosition(session: SessionState, position: number): SessionState {
  const copy: Required<SessionState> = {
    identity: session.identity,
    position,
    status: session.status,
    reachabilityEnabled: session.reachabilityEnabled,
    failure: session.failure,
    source: session.source,
    warning: session.warning
  };
  return copy;
}

function freezeEntry<T extends object>(value: T): T {
  return Object.freeze(value);
}

function span(from: number, to: number): number[] {
  const keys: number[] = [];
  for (let key = from; key <= to; key++) keys.push(key);
  return keys;
}

import { castDraft, type Draft } from 'immer';
import type { Emission } from '../emissions';
import { editableEntry, editableWindow } from '../copy';
import { deepFreeze } from '../freeze';
import { writable } from '../records';
import type { ConversationEntry, MessageWindow, RosterEntry, State, UserEntry } from '../state';
import { evictChunks } from './eviction';
import { sealConversation, sealRoster, sealTyping, sealUser, sealWindow } from './seal';
import { Table } from './table';

/** Who is typing in one conversation: participant sid → true. */
export type TypingSet = Readonly<Record<string, true>>;

/** The chunks of one window a batch wrote, and the span of the latest insert. */
export interface WindowWrites {
  /** Keys of the chunks written by this batch (a few): never evicted by it, since its emissions may name them. */
  readonly written: number[];
  /** First chunk of the latest insert: eviction starts farthest from it and `to`. */
  from: number;
  /** Last chunk of the latest insert. */
  to: number;
}

/**
 * One batch under way: the immer draft for the small singletons (session, connection), a
 * copy-on-write table for each record of entities, and the emissions in the order things happened.
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
  readonly #draft: Draft<State>;

  /**
   * @param base the state the batch starts from (frozen).
   * @param draft immer's draft of that state, inside the batch's one `produce`.
   */
  constructor(base: State, draft: Draft<State>) {
    this.#draft = draft;
    this.conversations = new Table(base.conversations, sealConversation, editableEntry);
    this.participants = new Table(base.participants, sealRoster, writable);
    this.messages = new Table(base.messages, sealWindow, editableWindow);
    this.users = new Table(base.users, sealUser, writable);
    this.typing = new Table(base.typing, sealTyping, writable);
    this.position = base.session.position;
  }

  /** The session, writable (an immer draft). */
  get session(): Draft<State>['session'] {
    return this.#draft.session;
  }

  /** The connection, writable (an immer draft). */
  get connection(): Draft<State>['connection'] {
    return this.#draft.connection;
  }

  /** The store's settings. */
  get config(): State['config'] {
    return this.#draft.config;
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

  /** Ends the batch: evicts what the memory bound requires, then installs the tables into the draft. */
  commit(): void {
    evictChunks(this);
    const draft = this.#draft;
    if (draft.session.position !== this.position) draft.session.position = this.position;
    draft.conversations = castDraft(this.conversations.result());
    draft.participants = castDraft(this.participants.result());
    draft.messages = castDraft(this.messages.result());
    draft.users = castDraft(this.users.result());
    draft.typing = castDraft(this.typing.result());
  }
}

function span(from: number, to: number): number[] {
  const keys: number[] = [];
  for (let key = from; key <= to; key++) keys.push(key);
  return keys;
}

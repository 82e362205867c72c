import type { ReplyPreviewData } from '../../protocol';
import type {
  ConversationRecord,
  EventRecord,
  ListPosition,
  MessageRecord,
  NewEvent,
  ParticipantRecord,
  ReactionRecord,
  SearchMatch,
  SearchPosition,
  UserConversationRecord,
  UserRecord
} from './records';
import {
  type ConversationRow,
  type EventRow,
  type MessageRow,
  type ParticipantRow,
  type UserRow,
  conversationFromRow,
  conversationToRow,
  eventFromRow,
  messageFromRow,
  messageToRow,
  participantFromRow,
  participantToRow,
  userFromRow,
  userToRow
} from './rows/chat';
import { applyMembershipChange, membershipChange } from './memberships';
import { unprefix, values } from './columns';
import type { AccessRows, Reader, Tx } from './storage';
import { SqlServiceRows } from './sql-service-rows';

/** An appended event: its ref, and its seq where the engine numbers events as they are appended. */
export interface AppendedEvent {
  ref: number;
  seq: number | null;
}

/**
 * {@link Tx} over an SQL engine's connection inside one transaction (or read), for both engines:
 * the statements are sql.ts's, run through the engine's `SqlDriver`; the service's own rows
 * (push, uploads, templates, roles, keys, webhooks) are {@link SqlServiceRows}'.
 *
 * With `locking`, the rows the domain reads and then changes are locked as they are read, until
 * the transaction ends: a conversation (every change inside a conversation reads it first, so its
 * message indexes stay gap-free and its counters exact under concurrent writers), a user, an
 * upload being attached. An engine that runs one transaction at a time (SQLite) and reads
 * (PostgreSQL's read-only snapshots) lock nothing.
 */
export class SqlRepository extends SqlServiceRows implements Tx {
  /** The refs of the events this transaction appended that the engine numbers after commit. */
  readonly unnumbered: number[] = [];

  unlocked(): Reader {
    return this.locking ? new SqlRepository(this.db, false) : this;
  }

  async head(): Promise<number> {
    return (await this.db.one<{ head: number | null }>('head'))?.head ?? 0;
  }

  async prunedThrough(): Promise<number> {
    const row = await this.db.one<{ value: string }>('prunedThrough');
    return row ? Number(row.value) : 0;
  }

  async eventsVisibleTo(identity: string, position: number, limit: number): Promise<EventRecord[]> {
    return (await this.db.many<EventRow>('eventsVisible', [identity, position, limit])).map(eventFromRow);
  }

  async eventsAfter(position: number, limit: number): Promise<EventRecord[]> {
    return (await this.db.many<EventRow>('eventsAfter', [position, limit])).map(eventFromRow);
  }

  async appendEvent(event: NewEvent, createdAt: number): Promise<number> {
    const params = [event.name, event.conversationSid, event.targetIdentity, JSON.stringify(event.data), createdAt];
    return this.appended(event, (await this.db.one<AppendedEvent>('appendEvent', params)) as AppendedEvent);
  }

  /** Records what follows from appending `event` (its membership change, or that it waits for its seq). */
  protected async appended(event: NewEvent, { ref, seq }: AppendedEvent): Promise<number> {
    if (seq === null) {
      this.unnumbered.push(ref); // its membership change is made when it is numbered
      return ref;
    }
    const change = membershipChange(event.name, event.conversationSid, event.data);
    if (change) await applyMembershipChange(this.db, change, seq);
    return ref;
  }

  async pruneEvents(before: number): Promise<number> {
    const last = (await this.db.one<{ seq: number | null }>('lastEventBefore', [before]))?.seq ?? null;
    if (last === null) return 0;
    const deleted = await this.db.run('pruneEvents', [last]);
    await this.db.run('pruneMemberships', [last]);
    if (last > (await this.prunedThrough())) await this.db.run('setPrunedThrough', [String(last)]);
    return deleted;
  }

  async getConversation(sid: string): Promise<ConversationRecord | null> {
    const row = await this.db.one<ConversationRow>(this.locking ? 'lockConversation' : 'getConversation', [sid]);
    return row ? conversationFromRow(row) : null;
  }

  async listConversations(after: ListPosition | null, limit: number): Promise<ConversationRecord[]> {
    const params = [after?.lastActivity ?? null, after?.sid ?? null, limit];
    return (await this.db.many<ConversationRow>('listConversations', params)).map(conversationFromRow);
  }

  async getConversationByUniqueName(uniqueName: string): Promise<ConversationRecord | null> {
    const row = await this.db.one<ConversationRow>('getConversationByUniqueName', [uniqueName]);
    return row ? conversationFromRow(row) : null;
  }

  async insertConversation(record: ConversationRecord): Promise<void> {
    await this.db.run('insertConversation', values('conversations', conversationToRow(record)));
  }

  async updateConversation(record: ConversationRecord): Promise<void> {
    await this.db.run('updateConversation', values('conversations', conversationToRow(record)));
  }

  async deleteConversation(sid: string): Promise<void> {
    await this.db.run('deleteConversationMessages', [sid]);
    await this.db.run('deleteConversationParticipants', [sid]);
    await this.db.run('deleteConversation', [sid]);
    await this.db.run('deleteConversationWebhooks', [sid]);
    await this.db.run('deleteConversationReactions', [sid]);
    await this.db.run('deleteConversationMentions', [sid]);
  }

  async getParticipant(conversationSid: string, identity: string): Promise<ParticipantRecord | null> {
    const row = await this.db.one<ParticipantRow>('getParticipant', [conversationSid, identity]);
    return row ? participantFromRow(row) : null;
  }

  async accessRows(
    conversationSid: string,
    identity: string,
    roleNames: readonly string[],
    key?: string
  ): Promise<AccessRows> {
    // sent together on a pipelined connection, the conversation (its lock) first
    const [conversation, participant, user, roles, earlier] = await Promise.all([
      this.getConversation(conversationSid),
      this.getParticipant(conversationSid, identity),
      this.getUser(identity),
      this.getRoles(roleNames),
      key === undefined ? null : this.getMessageByKey(conversationSid, identity, key)
    ]);
    return conversation
      ? { conversation, participant, user, roles, earlier }
      : { conversation, participant: null, user: null, roles: [], earlier: null };
  }

  async getParticipantBySid(conversationSid: string, participantSid: string): Promise<ParticipantRecord | null> {
    const row = await this.db.one<ParticipantRow>('getParticipantBySid', [conversationSid, participantSid]);
    return row ? participantFromRow(row) : null;
  }

  async listParticipants(conversationSid: string): Promise<ParticipantRecord[]> {
    return (await this.db.many<ParticipantRow>('listParticipants', [conversationSid])).map(participantFromRow);
  }

  async listRostersOf(identity: string, conversationSids: readonly string[]): Promise<ParticipantRecord[]> {
    return (await this.db.many<ParticipantRow>('rostersOf', [identity, JSON.stringify(conversationSids)])).map(
      participantFromRow
    );
  }

  async conversationSidsOf(identity: string): Promise<string[]> {
    return (await this.db.many<{ conversation_sid: string }>('conversationSidsOf', [identity])).map(
      (r) => r.conversation_sid
    );
  }

  async listUserConversations(
    identity: string,
    after: ListPosition | null,
    limit: number
  ): Promise<UserConversationRecord[]> {
    const rows = await this.db.many<Record<string, unknown>>('userConversations', [
      identity,
      after?.lastActivity ?? null,
      after?.sid ?? null,
      limit
    ]);
    return rows.map((row) => ({
      conversation: conversationFromRow(unprefix<ConversationRow>(row, 'conversations', 'c')),
      participant: participantFromRow(unprefix<ParticipantRow>(row, 'participants', 'p')),
      unreadCount: row.unread as number | null,
      mentionCount: Number(row.mention_count ?? 0)
    }));
  }

  async insertParticipant(record: ParticipantRecord): Promise<void> {
    await this.db.run('insertParticipant', values('participants', participantToRow(record)));
  }

  async updateParticipant(record: ParticipantRecord): Promise<void> {
    await this.db.run('updateParticipant', values('participants', participantToRow(record)));
  }

  async deleteParticipant(participantSid: string): Promise<void> {
    await this.db.run('deleteParticipant', [participantSid]);
  }

  async getMessage(conversationSid: string, messageSid: string): Promise<MessageRecord | null> {
    const row = await this.db.one<MessageRow>('getMessage', [conversationSid, messageSid]);
    return row ? messageFromRow(row) : null;
  }

  async getMessageByKey(conversationSid: string, author: string, key: string): Promise<MessageRecord | null> {
    const row = await this.db.one<MessageRow>('getMessageByKey', [conversationSid, author, key]);
    return row ? messageFromRow(row) : null;
  }

  async messagesDescending(conversationSid: string, maxIndex: number | null, limit: number): Promise<MessageRecord[]> {
    return (await this.db.many<MessageRow>('messagesDescending', [conversationSid, maxIndex, limit])).map(
      messageFromRow
    );
  }

  async messagesAscending(conversationSid: string, minIndex: number | null, limit: number): Promise<MessageRecord[]> {
    return (await this.db.many<MessageRow>('messagesAscending', [conversationSid, minIndex, limit])).map(
      messageFromRow
    );
  }

  async hasMessageBefore(conversationSid: string, index: number): Promise<boolean> {
    return (await this.db.one('hasMessageBefore', [conversationSid, index])) !== undefined;
  }

  async hasMessageAfter(conversationSid: string, index: number): Promise<boolean> {
    return (await this.db.one('hasMessageAfter', [conversationSid, index])) !== undefined;
  }

  async countMessagesAfter(conversationSid: string, index: number): Promise<number> {
    return (await this.db.one<{ n: number }>('countMessagesAfter', [conversationSid, index]))?.n ?? 0;
  }

  async lastMessage(conversationSid: string): Promise<MessageRecord | null> {
    const row = await this.db.one<MessageRow>('lastMessage', [conversationSid]);
    return row ? messageFromRow(row) : null;
  }

  async insertMessage(record: MessageRecord): Promise<void> {
    await this.db.run('insertMessage', values('messages', messageToRow(record)));
    await this.insertMentions(record);
  }

  async appendMessage(
    message: MessageRecord,
    conversation: ConversationRecord,
    event: NewEvent,
    createdAt: number
  ): Promise<number> {
    // sent together on a pipelined connection, in this order
    const [, , ref] = await Promise.all([
      this.insertMessage(message),
      this.updateConversation(conversation),
      this.appendEvent(event, createdAt)
    ]);
    return ref;
  }

  async updateMessage(record: MessageRecord): Promise<void> {
    await this.db.run('updateMessage', values('messages', messageToRow(record)));
    await this.db.run('deleteMessageMentions', [record.sid]);
    await this.insertMentions(record);
  }

  /** Stores the identities `record` mentions. */
  protected async insertMentions(record: MessageRecord): Promise<void> {
    for (const identity of record.mentions ?? [])
      await this.db.run('insertMention', [identity, record.conversationSid, record.index, record.sid]);
  }

  async deleteMessage(messageSid: string): Promise<void> {
    await this.db.run('deleteMessage', [messageSid]);
    await this.db.run('deleteMessageReactions', [messageSid]);
    await this.db.run('deleteMessageMentions', [messageSid]);
  }

  async updateReplyPreviews(conversationSid: string, parentSid: string, preview: ReplyPreviewData): Promise<number> {
    return this.db.run('updateReplyPreviews', [conversationSid, parentSid, JSON.stringify(preview)]);
  }

  async addReaction(record: ReactionRecord): Promise<boolean> {
    const params = [record.messageSid, record.conversationSid, record.identity, record.key, record.dateCreated];
    return (await this.db.run('addReaction', params)) > 0;
  }

  async removeReaction(messageSid: string, identity: string, key: string): Promise<boolean> {
    return (await this.db.run('removeReaction', [messageSid, identity, key])) > 0;
  }

  async setMessageReactions(messageSid: string, reactions: NonNullable<MessageRecord['reactions']>): Promise<void> {
    await this.db.run('setMessageReactions', [messageSid, reactions.length === 0 ? null : JSON.stringify(reactions)]);
  }

  async reactionsOf(messageSid: string): Promise<Pick<ReactionRecord, 'identity' | 'key'>[]> {
    return this.db.many<{ identity: string; key: string }>('reactionsOf', [messageSid]);
  }

  async countReactionsBy(messageSid: string, identity: string): Promise<number> {
    return Number((await this.db.one<{ n: number }>('countReactionsBy', [messageSid, identity]))?.n ?? 0);
  }

  async myReactions(identity: string, messageSids: readonly string[]): Promise<Map<string, string[]>> {
    const mine = new Map<string, string[]>();
    if (messageSids.length === 0) return mine;
    const rows = await this.db.many<{ message_sid: string; key: string }>('myReactions', [
      identity,
      JSON.stringify(messageSids)
    ]);
    for (const row of rows) {
      const keys = mine.get(row.message_sid);
      if (keys) keys.push(row.key);
      else mine.set(row.message_sid, [row.key]);
    }
    return mine;
  }

  async countMentionsAfter(identity: string, conversationSid: string, index: number): Promise<number> {
    return Number((await this.db.one<{ n: number }>('countMentionsAfter', [identity, conversationSid, index]))?.n ?? 0);
  }

  async searchMessages(
    identity: string,
    terms: readonly string[],
    conversationSid: string | null,
    after: SearchPosition | null,
    limit: number
  ): Promise<SearchMatch[]> {
    const params = [identity, terms.join(' '), conversationSid, after?.a ?? null, after?.b ?? null, limit];
    const rows = await this.db.many<MessageRow & { position_a: number | string; position_b: string | null }>(
      'searchMessages',
      params
    );
    return rows.map((row) => ({
      message: messageFromRow(row),
      position: { a: Number(row.position_a), b: row.position_b }
    }));
  }

  async getUser(identity: string): Promise<UserRecord | null> {
    const row = await this.db.one<UserRow>('getUser', [identity]);
    return row ? userFromRow(row) : null;
  }

  async ensureUser(record: UserRecord): Promise<UserRecord> {
    await this.db.run('ensureUser', values('users', userToRow(record)));
    return userFromRow(
      (await this.db.one<UserRow>(this.locking ? 'lockUser' : 'getUser', [record.identity])) as UserRow
    );
  }

  async updateUser(record: UserRecord): Promise<void> {
    await this.db.run('updateUser', values('users', userToRow(record)));
  }
}

import type { ConversationRecord, MessageRecord, NewEvent, RoleRecord } from '../records';
import { type RoleRow, roleFromRow } from '../rows/access';
import {
  type ConversationRow,
  type MessageRow,
  type ParticipantRow,
  type UserRow,
  conversationFromRow,
  conversationToRow,
  messageFromRow,
  messageToRow,
  participantFromRow,
  userFromRow
} from '../rows/chat';
import { COLUMNS, insertSql, prefixed, unprefix, updateSql, values } from '../columns';
import { type AppendedEvent, SqlRepository } from '../sql-repository';
import type { AccessRows, Reader } from '../storage';
import type { PgDriver } from './pg-driver';

/**
 * An access check's reads in one statement (`$1` conversation, `$2` identity, `$3` role names, `$4` a
 * send's key or null): the conversation, then its row joined with the identity's participant, user
 * and message of that key, and the stored roles asked for.
 */
const accessRowsSql = (lock: string) => `
  SELECT ${prefixed('conversations', 'c')}, ${prefixed('participants', 'p')}, ${prefixed('users', 'u')},
    ${prefixed('messages', 'e')},
    (SELECT json_agg(r) FROM roles r WHERE r.friendly_name = ANY(CAST($3 AS TEXT[]))) AS roles
  FROM conversations c
    LEFT JOIN participants p ON p.conversation_sid = c.sid AND p.identity = $2
    LEFT JOIN users u ON u.identity = $2
    LEFT JOIN messages e ON e.conversation_sid = c.sid AND e.author = $2 AND e.key = CAST($4 AS TEXT)
  WHERE c.sid = $1${lock}`;
const ACCESS_ROWS = accessRowsSql('');
/** The same, locking the conversation (only: `OF c`) until the transaction ends. */
const LOCK_ACCESS_ROWS = accessRowsSql(' FOR UPDATE OF c');

const MESSAGE_PARAMS = COLUMNS.messages.length;
const CONVERSATION_PARAMS = COLUMNS.conversations.length;
/**
 * A send's writes in one data-modifying statement: the message (`$1…`, in `COLUMNS` order), the
 * conversation (next, the same), the event (last: name, conversation, target, data, created_at).
 */
const APPEND_MESSAGE = (() => {
  const event = MESSAGE_PARAMS + CONVERSATION_PARAMS + 1;
  const eventParams = [0, 1, 2, 3, 4].map((i) => `$${event + i}`).join(', ');
  return `
    WITH message AS (${insertSql('messages')}),
      conversation AS (${updateSql('conversations', MESSAGE_PARAMS + 1)})
    INSERT INTO events (name, conversation_sid, target_identity, data, created_at)
    VALUES (${eventParams}) RETURNING id AS ref, seq`;
})();

type AccessRow = Record<string, unknown> & { roles: RoleRow[] | null };

/**
 * The repository on PostgreSQL: {@link SqlRepository}, with a send's reads and writes each in one
 * statement instead of several (PostgreSQL's work, the node's, and the connection's messages per
 * statement are what a send costs most of; the rows and the locks are the same).
 */
export class PgRepository extends SqlRepository {
  constructor(
    private readonly pg: PgDriver,
    locking: boolean
  ) {
    super(pg, locking);
  }

  override unlocked(): Reader {
    return this.locking ? new PgRepository(this.pg, false) : this;
  }

  override async accessRows(
    conversationSid: string,
    identity: string,
    roleNames: readonly string[],
    key?: string
  ): Promise<AccessRows> {
    const [name, text] = this.locking ? ['lockAccessRows', LOCK_ACCESS_ROWS] : ['accessRows', ACCESS_ROWS];
    const [row] = await this.pg.rows<AccessRow>(name, text, [conversationSid, identity, roleNames, key ?? null]);
    if (!row) return { conversation: null, participant: null, user: null, roles: [], earlier: null };
    return {
      conversation: conversationFromRow(unprefix<ConversationRow>(row, 'conversations', 'c')),
      participant: row.p_sid === null ? null : participantFromRow(unprefix<ParticipantRow>(row, 'participants', 'p')),
      user: row.u_identity === null ? null : userFromRow(unprefix<UserRow>(row, 'users', 'u')),
      roles: (row.roles ?? []).map((role): RoleRecord => roleFromRow(role)),
      earlier: row.e_sid === null ? null : messageFromRow(unprefix<MessageRow>(row, 'messages', 'e'))
    };
  }

  override async appendMessage(
    message: MessageRecord,
    conversation: ConversationRecord,
    event: NewEvent,
    createdAt: number
  ): Promise<number> {
    const params = [
      ...values('messages', messageToRow(message)),
      ...values('conversations', conversationToRow(conversation)),
      event.name,
      event.conversationSid,
      event.targetIdentity,
      JSON.stringify(event.data),
      createdAt
    ];
    const [appended] = await this.pg.rows<AppendedEvent>('appendMessage', APPEND_MESSAGE, params);
    await this.insertMentions(message);
    return this.appended(event, appended);
  }
}

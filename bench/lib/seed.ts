/**
 * Seeds a server's database directly through its storage (the same records, events and
 * memberships the domain writes), in a few large transactions: fast, and done before any clock
 * starts. The server is then started on the same file.
 */
import { randomBytes } from 'node:crypto';
import type { MessageData } from '../../lib/protocol';
import { announceJoin, newParticipant } from '../../lib/server/domain/membership';
import { Changes } from '../../lib/server/domain/context';
import { SidPrefix, newSid } from '../../lib/server/domain/sids';
import { lastMessageData, newUser } from '../../lib/server/domain/views';
import type { ConversationRecord, ParticipantRecord } from '../../lib/server/storage/records';
import { openSqliteStorage } from '../../lib/server/storage/sqlite/sqlite-storage';
import type { Tx } from '../../lib/server/storage/storage';

/** What to seed. */
export interface SeedSpec {
  /** The database file. */
  path: string;
  /** How many conversations. */
  conversations: number;
  /** The identities taking part in conversation `c`; the first creates it (admin). */
  members: (c: number) => readonly string[];
  /** Messages in each conversation, sent in turn by its members other than the first. */
  messages: number;
  /** Body of message `m` of conversation `c`. */
  body?: (c: number, m: number) => string;
  /** Where the first member's read horizon is left in conversation `c` (null: never set). */
  readIndex?: (c: number) => number | null;
  /** Conversations per transaction. Default 500. */
  batch?: number;
}

/** What was seeded. */
export interface Seeded {
  conversationSids: string[];
  /** The newest event position. */
  head: number;
}

const defaultBody = (c: number, m: number) =>
  `Message ${m} of conversation ${c}: about a hundred characters of text, as a chat message has.`;

async function seedConversation(tx: Tx, spec: SeedSpec, c: number, at: number, users: Set<string>): Promise<string> {
  const members = spec.members(c);
  const changes = new Changes(tx, at);
  let conversation: ConversationRecord = {
    sid: newSid(SidPrefix.Conversation),
    uniqueName: null,
    friendlyName: `Conversation ${c}`,
    attributes: { topic: 'bench', n: c },
    createdBy: members[0],
    isPrivate: true,
    dateCreated: at,
    dateUpdated: at,
    state: { current: 'active', dateUpdated: at },
    lastMessage: null,
    messagesCount: 0,
    participantsCount: 0,
    nextMessageIndex: 0,
    lastActivity: at
  };
  await tx.insertConversation(conversation);
  const participants: ParticipantRecord[] = [];
  for (const [i, identity] of members.entries()) {
    if (!users.has(identity)) {
      users.add(identity);
      await tx.ensureUser(newUser(identity, at));
    }
    const participant = newParticipant(conversation.sid, identity, i === 0 ? 'admin' : 'user', {}, at);
    conversation = { ...conversation, participantsCount: conversation.participantsCount + 1 };
    await tx.insertParticipant(participant);
    await announceJoin(changes, conversation, participant);
    participants.push(participant);
  }
  const authors = participants.length > 1 ? participants.slice(1) : participants;
  let last: MessageData | null = null;
  for (let m = 0; m < spec.messages; m++) {
    const author = authors[m % authors.length];
    const when = at + m + 1;
    const message: MessageData = {
      sid: newSid(SidPrefix.Message),
      conversationSid: conversation.sid,
      index: m,
      author: author.identity,
      participantSid: author.sid,
      body: (spec.body ?? defaultBody)(c, m),
      attributes: {},
      type: 'text',
      media: [],
      contentSid: null,
      dateCreated: when,
      dateUpdated: when,
      lastUpdatedBy: null,
      key: randomBytes(8).toString('hex')
    };
    await tx.insertMessage(message);
    await changes.emit('messageAdded', { message }, { conversationSid: conversation.sid });
    last = message;
  }
  if (last) {
    conversation = {
      ...conversation,
      lastMessage: lastMessageData(last),
      messagesCount: spec.messages,
      nextMessageIndex: spec.messages,
      lastActivity: last.dateCreated
    };
  }
  await tx.updateConversation(conversation);
  const read = spec.readIndex?.(c) ?? null;
  if (read !== null) {
    await tx.updateParticipant({
      ...participants[0],
      lastReadMessageIndex: read,
      lastReadTimestamp: at + spec.messages
    });
  }
  return conversation.sid;
}

/** Creates (or extends) the database at `spec.path` with the conversations described. */
export async function seed(spec: SeedSpec): Promise<Seeded> {
  const storage = await openSqliteStorage({ path: spec.path, durability: 'normal' });
  const conversationSids: string[] = [];
  const users = new Set<string>();
  const batch = spec.batch ?? 500;
  // in the past, but well inside the server's event retention (7 days)
  const start = Date.now() - 12 * 3600 * 1000 - spec.conversations * 1000;
  try {
    for (let from = 0; from < spec.conversations; from += batch) {
      const to = Math.min(spec.conversations, from + batch);
      await storage.transaction(async (tx) => {
        for (let c = from; c < to; c++)
          conversationSids.push(await seedConversation(tx, spec, c, start + c * 1000, users));
      });
    }
    const head = await storage.read((reader) => reader.head());
    return { conversationSids, head };
  } finally {
    await storage.close();
  }
}

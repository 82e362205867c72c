import type { CommandName } from '../../../lib/protocol';
import { ErrorCode } from '../../../lib/protocol';
import type { TestClient } from '../../server/helpers/client';

/** Who calls: refused at the handshake, or authenticated with a role in the conversation. */
export const COLUMNS = [
  'noToken',
  'forged',
  'expired',
  'wrongGrants',
  'otherIdentity',
  'nonParticipant',
  'participant',
  'author',
  'admin',
  'publicNonParticipant'
] as const;
/** A column of the matrix. */
export type Column = (typeof COLUMNS)[number];
/** The columns whose token is refused at the handshake. */
export const HANDSHAKE_COLUMNS: readonly Column[] = ['noToken', 'forged', 'expired', 'wrongGrants'];

/**
 * The expected outcome: `ok`, an error code, or `hidden`: NotFound with the very error a
 * resource that does not exist gets (code, message, status and path).
 */
export type Outcome = 'ok' | 'hidden' | ErrorCode;

/** An authenticated caller. */
export interface Actor {
  identity: string;
  client: TestClient;
}

/**
 * A fresh conversation (private, or public for the last column): ann its admin, uma the author of
 * `umaMessage`, pat a plain participant, eve another participant; otto takes no part.
 */
export interface Scene {
  sid: string;
  patParticipant: string;
  umaMessage: string;
  mediaSid: string;
  token(identity: string): Promise<string>;
}

/** One row: a command's arguments for a caller, and the outcomes that differ from its scope's defaults. */
export interface Row {
  /**
   * `conversation`: only participants (non-participants: hidden, or Forbidden when public). `user`:
   * anyone, on their own things.
   */
  scope: 'conversation' | 'user';
  args: (scene: Scene, actor: Actor) => Args | Promise<Args>;
  /** The same command naming something that does not exist (default: another conversation sid). */
  missing?: (scene: Scene, actor: Actor) => Args;
  expect?: Partial<Record<Column, Outcome>>;
}

/** A command's arguments, loosely: the matrix also sends ones the codecs refuse. */
export type Args = Record<string, unknown>;

/** A conversation sid that exists nowhere. */
export const NO_SUCH_CONVERSATION = 'CH' + 'e'.repeat(32);

const onlyAdmin: Partial<Record<Column, Outcome>> = {
  participant: ErrorCode.Forbidden,
  author: ErrorCode.Forbidden,
  otherIdentity: ErrorCode.Forbidden
};
/** A target owned by pat: pat and admins may, others may not. */
const patOrAdmin: Partial<Record<Column, Outcome>> = {
  author: ErrorCode.Forbidden,
  otherIdentity: ErrorCode.Forbidden
};
/** A message by uma: its author and admins may, others may not. */
const authorOrAdmin: Partial<Record<Column, Outcome>> = {
  participant: ErrorCode.Forbidden,
  otherIdentity: ErrorCode.Forbidden
};

let unique = 0;
const fresh = (prefix: string) => `${prefix}-${++unique}`;

/**
 * Every command, with its row: the type makes a new command without a row a compile error, and the
 * test checks at run time too.
 */
export const ROWS: { [K in CommandName]: Row } = {
  listMyConversations: { scope: 'user', args: () => ({}) },
  getConversation: {
    scope: 'conversation',
    args: (s) => ({ sid: s.sid }),
    expect: { publicNonParticipant: ErrorCode.NotFound }
  },
  peekConversation: { scope: 'conversation', args: (s) => ({ sid: s.sid }), expect: { publicNonParticipant: 'ok' } },
  createConversation: { scope: 'user', args: () => ({ friendlyName: 'mine' }) },
  updateConversation: { scope: 'conversation', args: (s) => ({ sid: s.sid, friendlyName: 'renamed' }) },
  deleteConversation: { scope: 'conversation', args: (s) => ({ sid: s.sid }), expect: onlyAdmin },
  listParticipants: { scope: 'conversation', args: (s) => ({ conversationSid: s.sid }) },
  /**
   * Answers every caller; a conversation the caller is not in is left out of the answer (spec/server
   * checks what is answered).
   */
  listRosters: { scope: 'user', args: (s) => ({ conversationSids: [s.sid] }) },
  addParticipant: { scope: 'conversation', args: (s) => ({ conversationSid: s.sid, identity: fresh('newcomer') }) },
  joinConversation: {
    scope: 'conversation',
    args: (s) => ({ conversationSid: s.sid }),
    expect: { publicNonParticipant: 'ok' }
  },
  leaveConversation: { scope: 'conversation', args: (s) => ({ conversationSid: s.sid }) },
  removeParticipant: {
    scope: 'conversation',
    args: (s) => ({ conversationSid: s.sid, participantSid: s.patParticipant }),
    expect: patOrAdmin
  },
  updateParticipant: {
    scope: 'conversation',
    args: (s) => ({ conversationSid: s.sid, participantSid: s.patParticipant, attributes: { seen: 1 } }),
    expect: patOrAdmin
  },
  updateReadHorizon: { scope: 'conversation', args: (s) => ({ conversationSid: s.sid, mode: 'all' }) },
  setNotificationLevel: { scope: 'conversation', args: (s) => ({ conversationSid: s.sid, level: 'muted' }) },
  typing: { scope: 'conversation', args: (s) => ({ conversationSid: s.sid }) },
  ackDelivery: { scope: 'conversation', args: (s) => ({ conversationSid: s.sid, index: 0 }) },
  sendMessage: { scope: 'conversation', args: (s) => ({ conversationSid: s.sid, key: fresh('key'), body: 'hello' }) },
  updateMessage: {
    scope: 'conversation',
    args: (s) => ({ conversationSid: s.sid, messageSid: s.umaMessage, body: 'edited' }),
    expect: authorOrAdmin
  },
  removeMessage: {
    scope: 'conversation',
    args: (s) => ({ conversationSid: s.sid, messageSid: s.umaMessage }),
    expect: authorOrAdmin
  },
  getMessages: { scope: 'conversation', args: (s) => ({ conversationSid: s.sid }) },
  getMessagesCount: { scope: 'conversation', args: (s) => ({ conversationSid: s.sid }) },
  getDeliveryReceipts: { scope: 'conversation', args: (s) => ({ conversationSid: s.sid, messageSid: s.umaMessage }) },
  // any participant reacts, with no right to edit the message
  addReaction: {
    scope: 'conversation',
    args: (s) => ({ conversationSid: s.sid, messageSid: s.umaMessage, key: 'ok' })
  },
  removeReaction: {
    scope: 'conversation',
    args: (s) => ({ conversationSid: s.sid, messageSid: s.umaMessage, key: 'ok' })
  },
  searchMessages: { scope: 'conversation', args: (s) => ({ conversationSid: s.sid, query: 'hello' }) },
  subscribeUsers: { scope: 'user', args: () => ({ identities: ['ann'] }) },
  unsubscribeUsers: { scope: 'user', args: () => ({ identities: ['ann'] }) },
  updateUser: { scope: 'user', args: (_s, actor) => ({ friendlyName: `${actor.identity} renamed` }) },
  // a valid token, for the caller's own identity; for another identity's it is refused
  updateToken: {
    scope: 'user',
    args: async (s, actor) => ({ token: await s.token(actor.identity === 'eve' ? 'ann' : actor.identity) }),
    expect: { otherIdentity: ErrorCode.TokenInvalid }
  },
  getMediaUrls: {
    scope: 'conversation',
    args: (s) => ({ mediaSids: [s.mediaSid] }),
    missing: () => ({ mediaSids: ['ME' + 'e'.repeat(32)] }),
    expect: { publicNonParticipant: ErrorCode.NotFound }
  },
  setPushRegistration: {
    scope: 'user',
    args: (_s, actor) => ({ channelType: 'fcm', registrationId: `device-of-${actor.identity}` })
  },
  removePushRegistration: { scope: 'user', args: () => ({ channelType: 'fcm' }) },
  getContentTemplates: { scope: 'user', args: () => ({}) }
};

/** The outcome a row expects in a column. */
export function expected(row: Row, column: Column): Outcome {
  const override = row.expect?.[column];
  if (override !== undefined) return override;
  if (row.scope === 'user') return 'ok';
  if (column === 'nonParticipant') return 'hidden';
  if (column === 'publicNonParticipant') return ErrorCode.Forbidden;
  return 'ok';
}

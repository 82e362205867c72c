import type { JSONValue } from '../../protocol';
import type { SqlDriver } from './sql-driver';

/**
 * How an event changes who may see a conversation's events: `participantJoined` opens its member's
 * membership at the event's seq, `participantLeft` closes it there (the leaver still sees it), and
 * `conversationRemoved` closes every open one. Other events change none.
 */
export type MembershipChange =
  | { kind: 'open'; conversationSid: string; identity: string }
  | { kind: 'close'; conversationSid: string; identity: string }
  | { kind: 'closeAll'; conversationSid: string };

/** The names of the events that change memberships. */
export const MEMBERSHIP_EVENTS = ['participantJoined', 'participantLeft', 'conversationRemoved'] as const;

/** The membership change an event makes, or null (most events make none). */
export function membershipChange(
  name: string,
  conversationSid: string | null,
  data: JSONValue
): MembershipChange | null {
  if (conversationSid === null) return null;
  if (name === 'conversationRemoved') return { kind: 'closeAll', conversationSid };
  if (name !== 'participantJoined' && name !== 'participantLeft') return null;
  const participant = (data as { participant?: { identity?: unknown } } | null)?.participant;
  const identity = participant?.identity;
  if (typeof identity !== 'string') return null;
  return { kind: name === 'participantJoined' ? 'open' : 'close', conversationSid, identity };
}

/**
 * Records a membership change at `seq`, the seq of the event that made it. Memberships follow the
 * log: each is written when its event gets its seq (in the transaction that appends it, or in the one
 * that numbers it), so a snapshot's memberships are those as of its head.
 */
export async function applyMembershipChange(db: SqlDriver, change: MembershipChange, seq: number): Promise<void> {
  switch (change.kind) {
    case 'open':
      await db.run('openMembership', [change.conversationSid, change.identity, seq]);
      return;
    case 'close':
      await db.run('closeMembership', [seq, change.conversationSid, change.identity]);
      return;
    case 'closeAll':
      await db.run('closeAllMemberships', [seq, change.conversationSid]);
  }
}

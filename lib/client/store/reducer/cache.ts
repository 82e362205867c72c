import type { CachedState } from '../cached-state';
import { emptyWindow, putMessage } from '../chunks';
import { deepFreeze } from '../freeze';
import { emptyRecord } from '../records';
import type { ParticipantData } from '../../../protocol';
import type { Tx } from './tx';

/**
 * A cache's state put into an empty store, before the socket opens: conversations, rosters, the
 * newest messages of each window within the memory bound, users, pending sends, the identity and
 * the position to resume from. Nothing is emitted (conversations are announced when the client is
 * initialized, as without a cache). A store that already holds a session (the server came first)
 * keeps its own state: the cache is stale then.
 */
export function cacheRestored(tx: Tx, cached: CachedState): void {
  if (tx.identity !== null || tx.position !== 0) return;
  if (cached.position > 0) {
    // a state to resume from (without one, only the kept sends come back)
    tx.session.identity = cached.identity;
    tx.session.source = 'cache';
    tx.position = cached.position;
  }
  for (const entry of cached.conversations) tx.conversations.set(entry.data.sid, deepFreeze({ ...entry }));
  for (const roster of cached.rosters) {
    const bySid = emptyRecord<ParticipantData>();
    for (const participant of roster.participants) bySid[participant.sid] = deepFreeze(participant);
    tx.participants.set(roster.sid, { loaded: roster.loaded, bySid: Object.freeze(bySid) });
  }
  const cap = tx.config.messageCacheSize;
  for (const kept of cached.windows) {
    const window = emptyWindow();
    const messages = kept.messages.length > cap ? kept.messages.slice(kept.messages.length - cap) : kept.messages;
    for (const message of messages) putMessage(window, deepFreeze(message));
    if (window.size > 0) tx.messages.set(kept.sid, window);
  }
  for (const user of cached.users) tx.users.set(user.data.identity, deepFreeze({ ...user }));
  for (const message of cached.pending) {
    const window = tx.messages.edit(message.conversationSid) ?? emptyWindow();
    window.pending = [...window.pending.filter((item) => item.key !== message.key), deepFreeze(message)];
    tx.messages.set(message.conversationSid, window);
  }
}

/** The cache could not be used (or stopped working): the client runs in memory, and says why. */
export function cacheUnavailable(tx: Tx, warning: string): void {
  if (tx.session.warning !== warning) tx.session.warning = warning;
}

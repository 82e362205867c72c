import type { CachedDetail, CachedState } from '../cached-state';
import { emptyWindow, putMessage } from '../chunks';
import { deepFreeze, freezeConversationData } from '../freeze';
import { emptyRecord } from '../records';
import type { ParticipantData } from '../../../protocol';
import { keptMessage } from './messages';
import type { Tx } from './tx';

/**
 * The list a cache kept, put into an empty store before the socket opens: conversations (with
 * their previews, unread counts and horizons), users, pending sends, the identity and the position
 * to resume from. Nothing is emitted (conversations are announced when the client is initialized,
 * as without a cache). A store that already holds a session (the server came first) keeps its own
 * state: the cache is stale then.
 */
export function cacheRestored(tx: Tx, cached: CachedState): void {
  if (tx.identity !== null || tx.position !== 0) return;
  if (cached.position > 0) {
    // a state to resume from (without one, only the kept sends come back)
    tx.session.identity = cached.identity;
    tx.session.source = 'cache';
    tx.position = cached.position;
  }
  // the entry itself is sealed with the batch
  for (const entry of cached.conversations) {
    freezeConversationData(entry.data);
    tx.conversations.set(entry.data.sid, entry);
  }
  for (const user of cached.users) tx.users.set(user.data.identity, deepFreeze(user));
  for (const message of cached.pending) {
    const window = tx.messages.edit(message.conversationSid) ?? emptyWindow();
    window.pending = [...window.pending.filter((item) => item.key !== message.key), deepFreeze(message)];
    tx.messages.set(message.conversationSid, window);
  }
}

/**
 * The rest of what the cache kept at `position`, after the list: the newest messages of each
 * window within the memory bound (beside the window's pending sends), and the whole rosters (one
 * kept in part is read again at catch-up). Only into the list restored from the same position,
 * before anything else came in; only for the conversations it holds.
 */
export function cacheDetailRestored(tx: Tx, position: number, detail: CachedDetail): void {
  if (position === 0 || tx.position !== position || tx.session.source !== 'cache') return;
  const cap = tx.config.messageCacheSize;
  for (const kept of detail.windows) {
    const entry = tx.conversations.get(kept.sid);
    if (entry === undefined) continue;
    const from = Math.max(0, kept.messages.length - cap);
    const window = tx.messages.edit(kept.sid) ?? emptyWindow();
    for (let i = from; i < kept.messages.length; i++) {
      const message = kept.messages[i];
      if (message.conversationSid === kept.sid) putMessage(window, keptMessage(message, entry.data.sid));
    }
    if (window.size > 0) tx.messages.set(kept.sid, window);
  }
  for (const roster of detail.rosters) {
    if (!roster.loaded || tx.conversations.get(roster.sid) === undefined) continue;
    const bySid = emptyRecord<ParticipantData>();
    for (const participant of roster.participants) {
      if (participant.conversationSid === roster.sid) bySid[participant.sid] = deepFreeze(participant);
    }
    tx.participants.set(roster.sid, { loaded: true, bySid: Object.freeze(bySid) });
  }
}

/** The cache could not be used (or stopped working): the client runs in memory, and says why. */
export function cacheUnavailable(tx: Tx, warning: string): void {
  if (tx.session.warning !== warning) tx.session.warning = warning;
}

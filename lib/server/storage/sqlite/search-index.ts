import type { Database } from 'better-sqlite3';

/**
 * Applies the full-text index's queued changes, in the order queued: the triggers on `messages` queue
 * them (`messages_fts_queue`) rather than write `messages_fts` themselves, because FTS5 writes its
 * pending terms out as a new segment at every savepoint (and every statement run by a trigger), and
 * group commit opens one per transaction: a segment per message, then merges. Queued, a group's
 * messages go in as one segment. Run in the transaction that queued them, before it commits, so the
 * index is in step with the messages at every commit (no read sees the queue).
 */
export function searchIndexFlush(db: Database): () => void {
  // a NULL command is a plain insert; 'delete' takes the old body out
  const apply = db.prepare(`
    INSERT INTO messages_fts (messages_fts, rowid, body)
    SELECT command, message_rowid, body FROM messages_fts_queue ORDER BY seq`);
  const clear = db.prepare('DELETE FROM messages_fts_queue');
  return () => {
    if (apply.run().changes > 0) clear.run();
  };
}

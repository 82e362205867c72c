import { LIMITS } from '../../protocol';
import type { Store } from '../store/store';
import type { Requests } from '../transport/requests';

/**
 * Reads the user's whole conversation list page by page (the server sorts and pages it) into the
 * store. Each page goes in as it arrives, so events that arrive between pages apply to fresh data.
 * After a resync, conversations the list no longer has are pruned at the end (message windows are
 * dropped: they may have gaps now).
 */
export async function loadConversations(store: Store, requests: Requests, mode: 'initial' | 'resync'): Promise<void> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: readonly { conversation: { sid: string } }[]; nextCursor: string | null } =
      await requests.request(
        'listMyConversations',
        { cursor, pageSize: LIMITS.defaultConversationsPageSize },
        (result) => store.dispatch({ type: 'conversationsLoaded', items: result.items })
      );
    for (const item of page.items) seen.push(item.conversation.sid);
    cursor = page.nextCursor;
  } while (cursor !== null);
  if (mode === 'resync') store.dispatch({ type: 'conversationsPruned', keep: seen });
}

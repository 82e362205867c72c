import { LIMITS } from '../../protocol';
import type { Store } from '../store/store';
import type { Requests } from '../transport/requests';

/**
 * Reads the rosters of the joined conversations (`among` these, else all) whose roster the store does not hold whole, a
 * hundred conversations a request, all requests in flight at once: so that, as with the
 * reference SDK, a joined conversation's participants are known by the time it is announced.
 */
export async function loadRosters(store: Store, requests: Requests, among?: readonly string[]): Promise<void> {
  const state = store.getState();
  const sids = (among ?? Object.keys(state.conversations)).filter(
    (sid) => state.conversations[sid]?.status === 'joined' && state.participants[sid]?.loaded !== true
  );
  const pages: Promise<unknown>[] = [];
  for (let i = 0; i < sids.length; i += LIMITS.maxRostersPerRequest) {
    const conversationSids = sids.slice(i, i + LIMITS.maxRostersPerRequest);
    pages.push(
      requests.request('listRosters', { conversationSids }, (result) => {
        for (const roster of result.items) {
          store.dispatch({ type: 'participantsLoaded', conversationSid: roster.conversationSid, items: roster.items });
        }
      })
    );
  }
  await Promise.all(pages);
}

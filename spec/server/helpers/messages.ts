import type { MessageData } from '../../../lib/protocol';
import { TestClient } from './client';

/** Every message of a conversation as the server holds it, read page by page over a raw socket. */
export async function serverMessages(url: string, token: string, sid: string): Promise<MessageData[]> {
  const reader = await TestClient.connect(url, token);
  const all: MessageData[] = [];
  try {
    for (let anchor = 0; ;) {
      const page = await reader.call('getMessages', {
        conversationSid: sid,
        anchor,
        direction: 'forward',
        pageSize: 100
      });
      all.push(...page.items);
      if (!page.hasNextPage) break;
      anchor = all[all.length - 1].index + 1;
    }
  } finally {
    await reader.close();
  }
  return all;
}

/**
 * The lean application of bench/bundle.ts: a reactive app on `rx-conversations/lean` — the store and
 * selectors for what it shows; conversations, messages, participants, users, typing and read
 * horizons for what it does. No media, templates, push, receipt objects or emitter listeners.
 */
import {
  Client,
  selectConversationRows,
  selectHistory,
  selectMessageReceipt,
  selectTypingParticipants,
  selectTotalUnreadCount,
  selectUser
} from '../../lib/client/lean';

declare const token: string;
declare function render(what: string, value: unknown): void;

const client = new Client(token, { logLevel: 'warn' });
client.select(selectConversationRows).subscribe((rows) => render('conversations', rows));
client.select(selectTotalUnreadCount).subscribe((count) => render('unread', count));
client.select(selectUser(client.user.identity)).subscribe((user) => render('me', user));

/** Opens a conversation: its history, who types, receipts; sends, reads, types, invites. */
export async function open(sid: string): Promise<void> {
  const conversation = client.conversation(sid);
  client.select(selectHistory(sid)).subscribe((history) => render('history', history));
  client.select(selectTypingParticipants(sid)).subscribe((typing) => render('typing', typing));
  client.select(selectMessageReceipt(sid, 0)).subscribe((receipt) => render('receipt', receipt));
  client.messageAdded$.subscribe((message) => render('added', message.body));
  await conversation.loadOlder();
  await conversation.sendMessage('hello');
  await conversation.typing();
  await conversation.setAllMessagesRead();
  await conversation.add('bob');
  const participants = await conversation.getParticipants();
  const user = await participants[0]?.getUser();
  render('user', user?.friendlyName);
}

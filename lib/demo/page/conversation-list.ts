import type { ConversationEntry } from '../../client';
import { h, setData, setText, syncList, toggle } from './dom';
import { colorOf, compact, initials, shortTime } from './format';

/** What the conversation list shows. */
export interface ConversationListView {
  /** From `selectConversations`: latest activity first. */
  entries: readonly ConversationEntry[];
  openSid: string | null;
  /** The current user's identity. */
  me: string;
  nameOf(identity: string): string;
  onOpen(sid: string): void;
}

/** A conversation's display name. */
export function titleOf(entry: ConversationEntry | undefined): string {
  return entry?.data.friendlyName ?? entry?.data.uniqueName ?? entry?.data.sid ?? '';
}

/**
 * Unread messages: the store's exact count, or every message while the user has never set a
 * read horizon there (the store says null: nothing read yet).
 */
export function unreadOf(entry: ConversationEntry): number {
  return entry.unreadCount ?? entry.data.messagesCount;
}

function preview(entry: ConversationEntry, view: ConversationListView): string {
  const last = entry.data.lastMessage;
  if (!last) return 'No messages yet';
  const who = last.author === view.me ? 'You' : last.author ? view.nameOf(last.author).split(' ')[0] : '';
  const what = last.body ?? (last.type === 'media' ? 'sent an attachment' : '');
  return who ? `${who}: ${what}` : what;
}

/** Renders the list: one row per conversation, updated in place. */
export function renderConversationList(container: HTMLElement, view: ConversationListView): void {
  syncList(
    container,
    view.entries,
    (entry) => entry.data.sid,
    (entry) => {
      const sid = entry.data.sid;
      const title = titleOf(entry);
      return h(
        'div',
        { class: 'conv', data: { sid, testid: 'conversation' }, on: { click: () => view.onOpen(sid) } },
        h('div', { class: 'room-icon', text: initials(title), attrs: { style: `background:${colorOf(sid)}` } }),
        h('div', { class: 'info' }, h('div', { class: 'title' }), h('div', { class: 'preview' })),
        h(
          'div',
          { class: 'side' },
          h('span', { class: 'when' }),
          h('span', { class: 'badge', data: { testid: 'unread' } })
        )
      );
    },
    (node, entry) => {
      const unread = entry.status === 'joined' ? unreadOf(entry) : 0;
      setText(node.querySelector('.title') as HTMLElement, titleOf(entry));
      setText(node.querySelector('.preview') as HTMLElement, preview(entry, view));
      const at = entry.data.lastMessage?.dateCreated ?? entry.data.dateCreated;
      setText(node.querySelector('.when') as HTMLElement, shortTime(at));
      const badge = node.querySelector('.badge') as HTMLElement;
      setText(badge, compact(unread));
      badge.hidden = unread === 0;
      setData(node, 'unread', String(unread));
      toggle(node, 'open', entry.data.sid === view.openSid);
      toggle(node, 'unread', unread > 0);
    }
  );
}

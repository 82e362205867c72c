import {
  type MediaData,
  type MessageData,
  type PendingMessage,
  type StoreState,
  isPendingMessage,
  selectMessageReceipt
} from '../../client';
import { h, setText, syncList, toggle } from './dom';
import { colorOf, initials, shortTime } from './format';

/** What the message list shows. */
export interface MessageListView {
  sid: string;
  /** From `selectMessages(sid)`: index order, then pending and failed sends. */
  items: readonly (MessageData | PendingMessage)[];
  state: StoreState;
  me: string;
  nameOf(identity: string): string;
  onRetry(key: string): void;
  onDiscard(key: string): void;
  /** A temporary URL for a media sid (from `client.getTemporaryContentUrlsForMediaSids`). */
  mediaUrl(mediaSid: string): Promise<string | null>;
  /** An image finished loading and the list grew by `height` pixels. */
  onGrow(height: number): void;
  /** Beyond the reference: add (or, when the user has it, remove) a reaction. */
  onReact(index: number, key: string, reacted: boolean): void;
  /** Beyond the reference: answer the message of `index`. */
  onReply(index: number): void;
}

/** The reactions the demo offers on every message. */
const QUICK_REACTIONS = ['👍', '❤️', '😂'];

type Item = MessageData | PendingMessage;

/** A row: the item, and whether it continues the previous author's run (no avatar, no name). */
interface Row {
  item: Item;
  continued: boolean;
}

/** Messages of one author less than this apart are shown as one run. */
const RUN_MS = 5 * 60 * 1000;

/** The same node follows a send from pending to the server's message: both carry its key. */
const keyOf = (item: Item) => (isPendingMessage(item) ? item.key : (item.key ?? item.sid));

function rowsOf(items: readonly Item[]): Row[] {
  return items.map((item, i) => {
    const previous = items[i - 1];
    const continued =
      previous !== undefined && previous.author === item.author && item.dateCreated - previous.dateCreated < RUN_MS;
    return { item, continued };
  });
}

/** What a message of the user's own says about its delivery, from `selectMessageReceipt`. */
export function receiptText(state: StoreState, sid: string, message: MessageData): string {
  const receipt = selectMessageReceipt(sid, message.index)(state);
  if (!receipt || receipt.total === 0) return '✓ sent';
  if (receipt.read === receipt.total) return receipt.total === 1 ? '✓✓ read' : '✓✓ read by everyone';
  if (receipt.read > 0) return `✓✓ read by ${receipt.read} of ${receipt.total}`;
  if (receipt.delivered > 0) return `✓✓ delivered to ${receipt.delivered} of ${receipt.total}`;
  return '✓ sent';
}

function mediaLabel(media: MediaData): string {
  const kb = Math.max(1, Math.round(media.size / 1024));
  return `📎 ${media.filename ?? media.contentType} · ${kb} KB`;
}

/** An image is shown; any other file is a link that asks for a fresh URL when clicked. */
function mediaNode(view: MessageListView, media: MediaData): HTMLElement {
  if (media.contentType.startsWith('image/')) {
    const image = h('img', {
      class: 'attachment',
      attrs: { alt: media.filename ?? 'image' },
      data: { testid: 'attachment' }
    });
    image.addEventListener('load', () => view.onGrow(image.height), { once: true });
    view.mediaUrl(media.sid).then(
      (url) => url && (image.src = url),
      () => undefined
    );
    return image;
  }
  const link = h('a', { class: 'file', text: mediaLabel(media), attrs: { href: '#' }, data: { testid: 'attachment' } });
  link.addEventListener('click', (event) => {
    event.preventDefault();
    view.mediaUrl(media.sid).then(
      (url) => url && window.open(url, '_blank', 'noopener'),
      () => undefined
    );
  });
  return link;
}

function create(view: MessageListView, item: MessageData | PendingMessage): HTMLElement {
  const author = item.author ?? '';
  const retry = h('button', { text: 'Retry', data: { action: 'retry' } });
  const discard = h('button', { text: 'Discard', data: { action: 'discard' } });
  const key = keyOf(item);
  retry.addEventListener('click', () => view.onRetry(key));
  discard.addEventListener('click', () => view.onDiscard(key));
  return h(
    'div',
    { class: 'msg', data: { testid: 'message', key } },
    h('div', {
      class: 'avatar',
      text: initials(view.nameOf(author)),
      attrs: { style: `background:${colorOf(author)}` }
    }),
    h(
      'div',
      { class: 'bubble' },
      h('div', { class: 'meta' }, h('span', { class: 'author' }), h('span', { class: 'time' })),
      h('div', { class: 'reply-to', data: { testid: 'reply-to' } }),
      h('div', { class: 'body' }),
      h('div', { class: 'files' }),
      h('div', { class: 'status' }, h('span', { class: 'state' }), retry, discard),
      h('div', { class: 'reactions', data: { testid: 'reactions' } })
    )
  );
}

/** The reply's parent preview, and the reaction chips with the quick ones not used yet, and Reply. */
function updateExtras(view: MessageListView, node: HTMLElement, item: Item): void {
  const reply = node.querySelector('.reply-to') as HTMLElement;
  const parent = isPendingMessage(item) ? undefined : item.replyTo;
  reply.hidden = parent === undefined;
  const said = (preview: NonNullable<typeof parent>) => (preview.removed ? '(removed)' : (preview.body ?? '📎'));
  if (parent) setText(reply, `↩ ${parent.author ? view.nameOf(parent.author) : 'system'}: ${said(parent)}`);
  const row = node.querySelector('.reactions') as HTMLElement;
  if (isPendingMessage(item)) {
    row.replaceChildren();
    return;
  }
  const mine = item.myReactions ?? [];
  const used = item.reactions ?? [];
  const chip = (key: string, count: number) => {
    const reacted = mine.includes(key);
    return h('button', {
      class: reacted ? 'chip mine' : 'chip',
      text: count > 0 ? `${key} ${count}` : key,
      data: { testid: 'reaction' },
      on: { click: () => view.onReact(item.index, key, reacted) }
    });
  };
  row.replaceChildren(
    ...used.map((r) => chip(r.key, r.count)),
    ...QUICK_REACTIONS.filter((key) => !used.some((r) => r.key === key)).map((key) => chip(key, 0)),
    h('button', { class: 'chip', text: '↩ Reply', on: { click: () => view.onReply(item.index) } })
  );
}

function update(view: MessageListView, node: HTMLElement, { item, continued }: Row): void {
  toggle(node, 'continued', continued);
  const mine = item.author === view.me;
  const pending = isPendingMessage(item);
  const failed = pending && item.status === 'failed';
  toggle(node, 'mine', mine);
  toggle(node, 'pending', pending && !failed);
  toggle(node, 'failed', failed);
  node.dataset.state = pending ? item.status : 'sent';
  if (!pending) node.dataset.index = String(item.index);
  setText(node.querySelector('.author') as HTMLElement, item.author ? view.nameOf(item.author) : 'system');
  // names arrive with the users: the initials follow
  setText(node.querySelector('.avatar') as HTMLElement, initials(view.nameOf(item.author ?? '')));
  setText(node.querySelector('.time') as HTMLElement, shortTime(item.dateCreated));
  setText(node.querySelector('.body') as HTMLElement, item.body ?? '');
  const files = node.querySelector('.files') as HTMLElement;
  const media = pending ? [] : item.media;
  syncList(
    files,
    media,
    (m) => m.sid,
    (m) => mediaNode(view, m),
    () => undefined
  );
  const status = node.querySelector('.status') as HTMLElement;
  const state = status.querySelector('.state') as HTMLElement;
  status.hidden = !mine && !failed;
  status.querySelectorAll('button').forEach((button) => (button.hidden = !failed));
  if (failed) setText(state, `Not sent: ${item.error?.message ?? 'failed'}`);
  else if (pending) setText(state, 'sending…');
  else if (mine) setText(state, receiptText(view.state, view.sid, item));
  toggle(state, 'read', !pending && mine && state.textContent?.startsWith('✓✓ read') === true);
  node.dataset.receipt = state.textContent ?? '';
  updateExtras(view, node, item);
}

/** Renders the open conversation's messages; keeps the view at the bottom when it was there. */
export function renderMessages(
  container: HTMLElement,
  scroller: HTMLElement,
  view: MessageListView,
  jump: boolean
): void {
  const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 60;
  syncList(
    container,
    rowsOf(view.items),
    (row) => keyOf(row.item),
    (row) => create(view, row.item),
    (node, row) => update(view, node, row)
  );
  if (jump || atBottom) scroller.scrollTop = scroller.scrollHeight;
}

import { h } from './dom';

/** The dashboard's fixed frame and the nodes that the render functions fill. */
export interface Layout {
  root: HTMLElement;
  connection: HTMLElement;
  rate: HTMLElement;
  spark: HTMLElement;
  unread: HTMLElement;
  me: HTMLElement;
  conversationList: HTMLElement;
  title: HTMLElement;
  subtitle: HTMLElement;
  messages: HTMLElement;
  scroller: HTMLElement;
  form: HTMLFormElement;
  input: HTMLInputElement;
  send: HTMLButtonElement;
  participants: HTMLElement;
  /** Beyond the reference: the search box and its results. */
  search: HTMLInputElement;
  searchResults: HTMLElement;
}

/** Builds the three panes under a top bar. */
export function buildLayout(): Layout {
  const connection = h('span', { class: 'pill', text: 'unknown', data: { state: 'unknown', testid: 'connection' } });
  const rate = h('b', { text: '0', data: { testid: 'events-per-second' } });
  const spark = h('span', { class: 'spark', attrs: { 'aria-hidden': 'true' } });
  const unread = h('b', { text: '0', data: { testid: 'total-unread' } });
  const me = h('span', { class: 'me' });
  const conversationList = h('div', { class: 'convs', data: { testid: 'conversations' } });
  const title = h('h2', { text: 'Conversations', data: { testid: 'conversation-title' } });
  const subtitle = h('div', { class: 'sub' });
  const messages = h('div', { class: 'messages', data: { testid: 'messages' } });
  const scroller = h('div', { class: 'scroll' }, messages);
  const input = h('input', {
    attrs: { placeholder: 'Write a message…', autocomplete: 'off', 'aria-label': 'Message' },
    data: { testid: 'composer-input' }
  });
  const send = h('button', { text: 'Send', attrs: { type: 'submit' } });
  const form = h('form', { class: 'composer', data: { testid: 'composer' } }, input, send);
  const participants = h('div', { class: 'people', data: { testid: 'participants' } });
  const search = h('input', {
    class: 'search',
    attrs: { placeholder: 'Search messages…', 'aria-label': 'Search messages', type: 'search' },
    data: { testid: 'search' }
  });
  const searchResults = h('div', { class: 'hits', data: { testid: 'search-results' } });
  searchResults.hidden = true;

  const about = h(
    'div',
    { class: 'about' },
    'Everything here renders from ',
    h('code', { text: 'client.select(…)' }),
    ' of rx-conversations: ',
    h('code', { text: 'selectConversations' }),
    ', ',
    h('code', { text: 'selectMessages' }),
    ', ',
    h('code', { text: 'selectMessageReceipt' }),
    ', ',
    h('code', { text: 'selectTypingParticipants' }),
    '. Stop the demo (Ctrl+C) and start it again: this page reconnects and catches up, without a reload.'
  );

  const root = h(
    'div',
    { class: 'app' },
    h(
      'header',
      { class: 'topbar' },
      h('div', { class: 'brand' }, h('span', { class: 'logo' }), 'rx-conversations', h('small', { text: 'live demo' })),
      h('span', { class: 'spacer' }),
      h('span', { class: 'finder' }, search, searchResults),
      h('span', { class: 'stat', title: 'Events received per second (last 30 s)' }, spark, rate, 'events/s'),
      h('span', { class: 'stat', title: 'Unread messages in all your conversations' }, unread, 'unread'),
      connection,
      me
    ),
    h(
      'main',
      { class: 'main' },
      h(
        'section',
        { class: 'pane' },
        h(
          'div',
          { class: 'pane-head' },
          h('h2', { text: 'Conversations' }),
          h('div', { class: 'sub', text: 'by latest activity' })
        ),
        h('div', { class: 'scroll' }, conversationList)
      ),
      h('section', { class: 'pane' }, h('div', { class: 'pane-head' }, title, subtitle), scroller, form),
      h(
        'aside',
        { class: 'pane' },
        h(
          'div',
          { class: 'pane-head' },
          h('h2', { text: 'Participants' }),
          h('div', { class: 'sub', text: 'online and typing, live' })
        ),
        h('div', { class: 'scroll' }, participants, about)
      )
    )
  );
  return {
    root,
    connection,
    rate,
    spark,
    unread,
    me,
    conversationList,
    title,
    subtitle,
    messages,
    scroller,
    form,
    input,
    send,
    participants,
    search,
    searchResults
  };
}

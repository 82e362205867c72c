/**
 * The live dashboard page. It uses the public API of rx-conversations only: one Client for this
 * page's visitor, and everything on screen rendered from `client.select(...)`.
 */
import {
  BehaviorSubject,
  type Observable,
  auditTime,
  combineLatest,
  distinctUntilChanged,
  exhaustMap,
  firstValueFrom,
  fromEvent,
  map,
  merge,
  of,
  switchMap
} from 'rxjs';
import {
  Client,
  type ConnectionState,
  type Conversation,
  ConversationsError,
  type StoreState,
  selectConnectionState,
  selectConversation,
  selectConversations,
  selectMessages,
  selectParticipants,
  selectTypingParticipants,
  selectUser
} from '../../client';
import { renderConversationList, titleOf, unreadOf } from './conversation-list';
import { h, setData, setText, syncList } from './dom';
import { eventsPerSecond } from './events-rate';
import { colorOf, initials } from './format';
import { buildLayout } from './layout';
import { renderMessages } from './message-list';
import { wireSearch } from './search-box';
import { renderParticipants } from './participants-pane';
import { fetchSession } from './session';
import { installStyles } from './styles';

/** What the page keeps on `window.rxcDemo`, to poke at from the console. */
interface DemoHandle {
  client: Client;
  identity: string;
  /** Every connection state the client went through, with the time. */
  connectionHistory: { state: ConnectionState; at: number }[];
}

const HISTORY_PAGE = 50;
const noop = () => undefined;

const sidFromHash = (): string | null => /^#\/c\/(.+)$/.exec(location.hash)?.[1] ?? null;

/** Resolves when the client is initialized; rejects with the reason if it cannot be. */
function initialized(client: Client): Promise<void> {
  const failed = client.initFailed$.pipe(
    map(({ error }) => {
      throw new Error(error?.message ?? 'the client could not initialize');
    })
  );
  return firstValueFrom(merge(client.initialized$, failed));
}

async function boot(): Promise<void> {
  installStyles();
  const app = document.getElementById('app') as HTMLElement;
  const say = (text: string) => app.replaceChildren(h('p', { class: 'boot', text }));
  const session = await fetchSession((reason) => say(`Waiting for the demo server: ${reason}`));
  const me = session.identity;

  const client = new Client(session.token, { reconnect: { minDelayMs: 500, maxDelayMs: 3000, jitter: 0.2 } });
  const handle: DemoHandle = {
    client,
    identity: me,
    connectionHistory: [{ state: client.connectionState, at: Date.now() }]
  };
  (window as unknown as { rxcDemo: DemoHandle }).rxcDemo = handle;
  client.connectionStateChanged$.subscribe((state) => handle.connectionHistory.push({ state, at: Date.now() }));

  const layout = buildLayout();
  app.replaceChildren(layout.root);
  document.body.dataset.identity = me;

  // the connection, the unread total and the event rate: straight from the store and the event streams
  client.select(selectConnectionState).subscribe((state) => {
    setText(layout.connection, state);
    setData(layout.connection, 'state', state);
  });
  // the total is the sum of the badges (a conversation never read counts all its messages)
  client
    .select(selectConversations)
    .pipe(map((entries) => entries.reduce((sum, entry) => sum + (entry.status === 'joined' ? unreadOf(entry) : 0), 0)))
    .subscribe((total) => setText(layout.unread, String(total)));
  eventsPerSecond(client).subscribe((history) => {
    setText(layout.rate, String(history[history.length - 1] ?? 0));
    const peak = Math.max(4, ...history);
    syncList(
      layout.spark,
      history.map((count, i) => ({ count, i: i - history.length })),
      (bar) => String(bar.i),
      () => h('i'),
      (node, bar) => {
        node.style.height = `${Math.max(1, Math.round((bar.count / peak) * 22))}px`;
      }
    );
  });

  // tokens: renewed before they expire, without a reload
  merge(client.tokenAboutToExpire$, client.tokenExpired$)
    .pipe(exhaustMap(() => fetchSession()))
    .subscribe((next) => void client.updateToken(next.token).catch(noop));

  await initialized(client);
  if (!client.user.friendlyName)
    await client.user.updateFriendlyName(`Visitor ${me.slice('guest-'.length)}`).catch(noop);
  if (!session.returning) {
    // a new visitor arrives caught up: unread counts start from now
    for (const entry of selectConversations(client.getState())) {
      if (entry.status === 'joined' && entry.lastReadMessageIndex === null) {
        client
          .getConversationBySid(entry.data.sid)
          .then((c) => c.setAllMessagesRead())
          .catch(noop);
      }
    }
  }

  // users: subscribed on first sight, so names and online dots stay live
  const asked = new Set<string>();
  const ensureUser = (identity: string | null) => {
    if (!identity || asked.has(identity)) return;
    asked.add(identity);
    client.getUser(identity).catch(() => asked.delete(identity));
  };
  const userOf = (identity: string) => selectUser(identity)(client.getState());
  const nameOf = (identity: string) => userOf(identity)?.data.friendlyName ?? identity;
  const users$ = client.select((state: StoreState) => state.users);
  ensureUser(me);
  users$
    .pipe(
      map(() => client.user.friendlyName ?? me),
      distinctUntilChanged()
    )
    .subscribe((name) => {
      layout.me.replaceChildren(
        h('span', { class: 'avatar', text: initials(name), attrs: { style: `background:${colorOf(me)}` } }),
        name
      );
    });

  // which conversation is open: the URL's hash, so a reload reopens it
  const open$ = new BehaviorSubject<string | null>(sidFromHash());
  fromEvent(window, 'hashchange').subscribe(() => open$.next(sidFromHash()));
  const openConversation = (sid: string) => {
    if (sidFromHash() !== sid) location.hash = `#/c/${sid}`;
  };
  const current = (): Promise<Conversation> => {
    const sid = open$.value;
    return sid ? client.getConversationBySid(sid) : Promise.reject(new Error('no conversation is open'));
  };

  // the conversation list, by latest activity, with unread badges
  combineLatest([client.select(selectConversations), open$, users$]).subscribe(([entries, openSid]) => {
    for (const entry of entries) ensureUser(entry.data.lastMessage?.author ?? null);
    renderConversationList(layout.conversationList, { entries, openSid, me, nameOf, onOpen: openConversation });
    const first = entries[0];
    if (first && (openSid === null || !entries.some((entry) => entry.data.sid === openSid)))
      openConversation(first.data.sid);
  });

  // opening a conversation loads its latest messages and its roster into the store
  const load = (sid: string) =>
    client
      .getConversationBySid(sid)
      .then((conversation) => Promise.all([conversation.getMessages(HISTORY_PAGE), conversation.getParticipants()]))
      .then(([, participants]) => participants.forEach((participant) => ensureUser(participant.identity)))
      .catch(noop);
  open$.pipe(distinctUntilChanged()).subscribe((sid) => {
    layout.input.disabled = layout.send.disabled = sid === null;
    if (sid) void load(sid);
  });
  // back from a disconnection: the store caught up by itself; reload the page of messages in case it had to resync
  let wasConnected = false;
  let lost = false;
  client.select(selectConnectionState).subscribe((state) => {
    if (state !== 'connected') lost = wasConnected;
    else {
      wasConnected = true;
      if (lost && open$.value) void load(open$.value);
      lost = false;
    }
  });

  const perOpen = <T>(project: (sid: string) => Observable<T>): Observable<T | null> =>
    open$.pipe(
      distinctUntilChanged(),
      switchMap((sid) => (sid ? project(sid) : of(null)))
    );

  // the header: title, and who is typing
  perOpen((sid) =>
    combineLatest([client.select(selectConversation(sid)), client.select(selectTypingParticipants(sid)), users$])
  ).subscribe((view) => {
    if (!view) return;
    const [entry, typing] = view;
    setText(layout.title, titleOf(entry));
    const typists = typing.filter((p) => p.identity !== me).map((p) => nameOf(p.identity ?? '').split(' ')[0]);
    const about = entry ? `${entry.data.participantsCount} participants · ${entry.data.messagesCount} messages` : '';
    setText(
      layout.subtitle,
      typists.length ? `${typists.join(', ')} ${typists.length > 1 ? 'are' : 'is'} typing…` : about
    );
    layout.subtitle.classList.toggle('typing-line', typists.length > 0);
  });

  // media: temporary URLs, asked once per attachment and kept while they are fresh
  const urls = new Map<string, { url: Promise<string | null>; at: number }>();
  const mediaUrl = (mediaSid: string): Promise<string | null> => {
    const known = urls.get(mediaSid);
    if (known && Date.now() - known.at < 60_000) return known.url;
    const url = client.getTemporaryContentUrlsForMediaSids([mediaSid]).then((found) => found.get(mediaSid) ?? null);
    urls.set(mediaSid, { url, at: Date.now() });
    url.catch(() => urls.delete(mediaSid));
    return url;
  };

  // the messages, with pending and failed sends and read receipts, reactions and replies
  let shown: string | null = null;
  let replyTo: number | undefined;
  perOpen((sid) =>
    combineLatest([client.select(selectMessages(sid)), client.select(selectParticipants(sid)), users$]).pipe(
      map(([items]) => ({ sid, items }))
    )
  ).subscribe((view) => {
    if (!view) return;
    const jump = shown !== view.sid;
    shown = view.sid;
    renderMessages(
      layout.messages,
      layout.scroller,
      {
        sid: view.sid,
        items: view.items,
        state: client.getState(),
        me,
        nameOf,
        onRetry: (key) =>
          void current()
            .then((c) => c.retryMessage(key))
            .catch(noop),
        onDiscard: (key) =>
          void current()
            .then((c) => c.discardMessage(key))
            .catch(noop),
        mediaUrl,
        onReact: (index, key, reacted) =>
          void current()
            .then((c) => c.getMessages(1, index))
            .then((page) => page.items.find((m) => m.index === index))
            .then((message) => (reacted ? message?.unreact(key) : message?.react(key)))
            .catch(noop),
        onReply: (index) => {
          replyTo = index;
          layout.input.placeholder = `Reply to message ${index}…`;
          layout.input.focus();
        },
        onGrow: (height) => {
          const scroller = layout.scroller;
          if (scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight - height < 60)
            scroller.scrollTop = scroller.scrollHeight;
        }
      },
      jump
    );
  });

  // participants: online (their User) and typing
  perOpen((sid) =>
    combineLatest([client.select(selectParticipants(sid)), client.select(selectTypingParticipants(sid)), users$])
  ).subscribe((view) => {
    const [participants, typing] = view ?? [[], []];
    for (const participant of participants) ensureUser(participant.identity);
    renderParticipants(layout.participants, { participants, typing, me, userOf, nameOf });
  });

  // reading: what is on screen is read
  perOpen((sid) => client.select(selectConversation(sid)))
    .pipe(auditTime(250))
    .subscribe((entry) => {
      const last = entry?.data.lastMessage;
      if (!entry || entry.status !== 'joined' || !last || document.visibilityState !== 'visible') return;
      if ((entry.lastReadMessageIndex ?? -1) < last.index)
        current()
          .then((c) => c.setAllMessagesRead())
          .catch(noop);
    });

  // the composer: typing() on every keystroke (the client throttles), send on Enter
  layout.input.addEventListener('input', () => {
    current()
      .then((c) => c.typing())
      .catch(noop);
  });
  layout.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = layout.input.value.trim();
    if (!body) return;
    layout.input.value = '';
    const answering = replyTo;
    replyTo = undefined;
    layout.input.placeholder = 'Write a message…';
    // a send that fails stays in the list as failed, with Retry and Discard
    current()
      .then((c) => c.sendMessage(body, undefined, undefined, answering === undefined ? {} : { replyTo: answering }))
      .catch((error: unknown) => {
        if (!(error instanceof ConversationsError)) console.error(error);
      });
  });
  // beyond the reference: search what the user may read
  wireSearch(client, layout.search, layout.searchResults, (sid) => (location.hash = `#/c/${sid}`), nameOf);
  layout.input.focus();
}

boot().catch((error: unknown) => {
  const app = document.getElementById('app');
  app?.replaceChildren(
    h('p', {
      class: 'boot',
      text: `The dashboard could not start: ${error instanceof Error ? error.message : String(error)}`
    })
  );
  console.error(error);
});

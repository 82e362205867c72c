import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  ErrorHandler,
  afterRenderEffect,
  computed,
  effect,
  inject,
  input,
  untracked,
  viewChild
} from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { firstValueFrom, switchMap } from 'rxjs';
import {
  type HistoryView,
  type StoreState,
  selectConversationRow,
  selectHistory,
  selectMessageViews
} from 'rx-conversations';
import { Conversations } from 'rx-conversations/angular';

/** Messages loaded when a conversation opens, and on each scroll to the top. */
const PAGE = 30;
/** How close to an edge (pixels) counts as at it. */
const EDGE = 40;
const NO_HISTORY: HistoryView = { messages: [], hasOlder: false, loading: false, error: null, dropped: false };

/**
 * The open conversation: its history (older pages loaded on scroll to the top), each message's
 * receipt (sent, delivered, read, seen by), who is typing, and the box to send. What it shows are
 * signals: the selectors of the conversation `sid`, switched when `sid` changes.
 */
@Component({
  selector: 'app-conversation',
  imports: [DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>{{ row()?.title }}</h2>
    <div #scroller class="messages" (scroll)="onScroll()">
      @if (history().loading) {
        <p class="loading">Loading older messages…</p>
      } @else if (!history().hasOlder) {
        <p class="start">The start of the conversation.</p>
      }
      @for (view of messages(); track view.key) {
        <p class="message" [class.mine]="view.item.author === me()" [attr.data-status]="view.status">
          <b>{{ view.authorName }}</b>
          <span class="body">{{ view.item.body }}</span>
          <time>{{ view.item.dateCreated | date: 'shortTime' }}</time>
          @if (view.item.author === me()) {
            <small class="receipt">
              {{ view.status }}
              @if (view.seenBy.length) {
                · seen by {{ view.seenBy.join(', ') }}
              }
            </small>
          }
        </p>
      }
    </div>
    <p class="typing">
      @if (typing().length) {
        {{ typing().join(', ') }} typing…
      }
    </p>
    <form (submit)="send(box); $event.preventDefault()">
      <input #box name="message" autocomplete="off" placeholder="Write a message" (input)="onTyping()" />
      <button type="submit">Send</button>
    </form>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-width: 0;
    }
    h2 {
      margin: 8px 0;
      font-size: 18px;
    }
    .messages {
      height: 420px;
      overflow-y: auto;
      border: 1px solid #dde;
      padding: 0 8px;
    }
    .message {
      margin: 4px 0;
    }
    .message.mine {
      text-align: right;
    }
    .message[data-status='pending'] {
      opacity: 0.6;
    }
    .message[data-status='failed'] {
      color: #a33;
    }
    time,
    .receipt {
      margin-left: 6px;
      color: #889;
      font-size: 12px;
    }
    .typing {
      height: 1.4em;
      margin: 4px 0;
      color: #667;
      font-style: italic;
    }
    form {
      display: flex;
      gap: 6px;
    }
    input {
      flex: 1;
      padding: 6px;
    }
  `
})
export class ConversationComponent {
  readonly #conversations = inject(Conversations);
  readonly #errors = inject(ErrorHandler);
  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  /** While an older page loads: the first message shown, and the distance from the bottom to keep. */
  #keep: { firstKey: string | undefined; fromBottom: number } | null = null;
  #atBottom = true;

  /** The conversation's sid. */
  readonly sid = input.required<string>();

  /** A selector of the conversation `sid`, as a signal that follows `sid`. */
  readonly #follow = <T>(selectorOf: (sid: string) => (state: StoreState) => T, initial: T) =>
    toSignal(toObservable(this.sid).pipe(switchMap((sid) => this.#conversations.select(selectorOf(sid)))), {
      initialValue: initial
    });

  protected readonly row = this.#follow(selectConversationRow, undefined);
  protected readonly history = this.#follow(selectHistory, NO_HISTORY);
  protected readonly messages = this.#follow(selectMessageViews, []);
  protected readonly me = this.#conversations.selectSignal((state) => state.session.identity);
  protected readonly typing = computed(() => (this.row()?.typing ?? []).map((p) => p.identity ?? p.sid));

  constructor() {
    // a conversation opens on its latest page
    effect(() => {
      const sid = this.sid();
      this.#atBottom = true;
      untracked(() => this.#run(this.#openLatest(sid)));
    });
    // what is shown is read: the other participants see their messages as read
    effect(() => {
      const sid = this.sid();
      const row = this.row();
      if (row?.sid === sid && row.unreadCount) this.#run(this.#conversations.setAllMessagesRead(sid));
    });
    // after rendering: an older page keeps what was on screen in place; new messages at the bottom stay in view
    afterRenderEffect({
      write: () => {
        const first = this.messages()[0]?.key;
        const element = this.scroller().nativeElement;
        if (this.#keep === null) {
          if (this.#atBottom) element.scrollTop = element.scrollHeight;
        } else if (first !== this.#keep.firstKey) {
          element.scrollTop = element.scrollHeight - this.#keep.fromBottom;
          this.#keep = null;
        }
      }
    });
  }

  protected onScroll(): void {
    const element = this.scroller().nativeElement;
    this.#atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < EDGE;
    const history = this.history();
    if (element.scrollTop > EDGE || !history.hasOlder || history.loading || this.#keep !== null) return;
    this.#keep = { firstKey: this.messages()[0]?.key, fromBottom: element.scrollHeight - element.scrollTop };
    this.#conversations.loadOlder(this.sid(), PAGE).then(
      (count) => {
        if (count === 0) this.#keep = null;
      },
      (error: unknown) => {
        this.#keep = null;
        this.#errors.handleError(error);
      }
    );
  }

  protected onTyping(): void {
    this.#run(this.#conversations.typing(this.sid()));
  }

  protected send(box: HTMLInputElement): void {
    const body = box.value.trim();
    box.value = '';
    this.#atBottom = true;
    // the message shows at once as pending, then sent, delivered and read
    if (body) this.#run(this.#conversations.sendMessage(this.sid(), body));
  }

  /** Loads the latest page of `sid` unless the store holds it (its history as it is now, not the signal's). */
  async #openLatest(sid: string): Promise<void> {
    const history = await firstValueFrom(this.#conversations.select(selectHistory(sid)));
    if (history.messages.length < PAGE && history.hasOlder) await this.#conversations.loadOlder(sid, PAGE);
  }

  /** Commands report failures to the ErrorHandler (the status shows a lost connection). */
  #run(command: Promise<unknown>): void {
    command.catch((error: unknown) => this.#errors.handleError(error));
  }
}

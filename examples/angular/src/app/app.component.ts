import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { selectTotalUnreadCount } from 'rx-conversations';
import { Conversations } from 'rx-conversations/angular';
import { ConversationListComponent } from './conversation-list.component';
import { ConversationComponent } from './conversation.component';
import { StatusComponent } from './status.component';

/** The shell: who is signed in, the status, the list and the open conversation. */
@Component({
  selector: 'app-root',
  imports: [StatusComponent, ConversationListComponent, ConversationComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <strong class="me">{{ me() }}</strong>
      <app-status />
      <span class="total">{{ unread() }} unread</span>
    </header>
    <div class="layout">
      <app-conversation-list [openSid]="openSid()" (opened)="openSid.set($event)" />
      @if (openSid(); as sid) {
        <app-conversation [sid]="sid" />
      } @else {
        <p class="hint">Pick a conversation.</p>
      }
    </div>
  `,
  styles: `
    header {
      display: flex;
      gap: 12px;
      align-items: center;
      padding: 8px 12px;
      border-bottom: 1px solid #dde;
    }
    .layout {
      display: grid;
      grid-template-columns: 260px 1fr;
      gap: 12px;
      padding: 12px;
    }
  `
})
export class AppComponent {
  readonly #conversations = inject(Conversations);
  protected readonly openSid = signal<string | null>(null);
  /** Signals straight from selectors: a value from the start (no `undefined` phase), then each change. */
  protected readonly unread = this.#conversations.selectSignal(selectTotalUnreadCount);
  /** Who the server says the user is, once connected. */
  protected readonly me = this.#conversations.selectSignal((state) => state.session.identity);

  constructor() {
    const title = inject(Title);
    effect(() => {
      const unread = this.unread();
      title.setTitle(unread ? `(${unread}) Conversations` : 'Conversations');
    });
  }
}

import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { selectTotalUnreadCount } from 'rx-conversations';
import { Conversations } from 'rx-conversations/angular';
import { signedInUser } from './app.config';
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
      <strong class="me">{{ user }}</strong>
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
  protected readonly user = signedInUser();
  protected readonly openSid = signal<string | null>(null);
  /** A signal straight from a selector: a value from the start, no `undefined` phase. */
  protected readonly unread = inject(Conversations).selectSignal(selectTotalUnreadCount);

  constructor() {
    effect(() => {
      const unread = this.unread();
      document.title = unread ? `(${unread}) Conversations` : 'Conversations';
    });
  }
}

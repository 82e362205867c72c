import { AsyncPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { selectConversationRows } from 'rx-conversations';
import { Conversations } from 'rx-conversations/angular';

/**
 * The user's conversations, latest activity first, with unread badges and who is typing: an
 * Observable rendered with the `async` pipe (which marks this OnPush view on each new list).
 */
@Component({
  selector: 'app-conversation-list',
  imports: [AsyncPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul>
      @for (row of rows$ | async; track row.sid) {
        <li>
          <button
            class="row"
            [attr.data-sid]="row.sid"
            [class.open]="row.sid === openSid()"
            (click)="opened.emit(row.sid)"
          >
            <span class="title">{{ row.title }}</span>
            @if (row.unreadCount) {
              <b class="unread">{{ row.unreadCount }}</b>
            }
            <small class="preview">
              @if (row.typing.length) {
                typing…
              } @else {
                {{ row.lastMessage?.body }}
              }
            </small>
          </button>
        </li>
      } @empty {
        <li class="empty">No conversations yet.</li>
      }
    </ul>
  `,
  styles: `
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .row {
      display: grid;
      grid-template-columns: 1fr auto;
      width: 100%;
      padding: 8px;
      border: 0;
      background: none;
      text-align: left;
      cursor: pointer;
    }
    .row.open {
      background: #e8eefc;
    }
    .unread {
      background: #3261d6;
      color: white;
      border-radius: 9px;
      padding: 0 7px;
    }
    .preview {
      grid-column: 1 / 3;
      color: #667;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
  `
})
export class ConversationListComponent {
  /** The rows, as an Observable: the current list on subscribe, then each new one. */
  protected readonly rows$ = inject(Conversations).select(selectConversationRows);

  /** The conversation shown beside the list. */
  readonly openSid = input<string | null>(null);

  /** The user picked a conversation. */
  readonly opened = output<string>();
}

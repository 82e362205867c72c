import { AsyncPipe, DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { type MessageData, type PendingMessage, isPendingMessage } from 'rx-conversations';
import { ConversationsService, type MessageItem } from './conversations.service';

/**
 * A conversation list and the open conversation's messages: the lists through the `async` pipe,
 * the connection state, unread total and typing line as signals (`toSignal`).
 */
@Component({
  selector: 'app-conversations',
  imports: [AsyncPipe, DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <span class="state" [attr.data-state]="connection()">{{ connection() }}</span>
      <span>{{ unread() }} unread</span>
    </header>
    <nav>
      @for (entry of conversations$ | async; track entry.data.sid) {
        <button [class.open]="entry.data.sid === openSid()" (click)="open(entry.data.sid)">
          {{ entry.data.friendlyName ?? entry.data.uniqueName ?? entry.data.sid }}
          @if (entry.unreadCount) {
            <b>{{ entry.unreadCount }}</b>
          }
        </button>
      } @empty {
        <p>No conversations yet.</p>
      }
    </nav>
    <main>
      @for (message of messages$ | async; track keyOf(message)) {
        <p [class.pending]="isPending(message)" [class.failed]="isFailed(message)">
          <b>{{ message.author }}</b> {{ message.body }}
          <time>{{ message.dateCreated | date: 'shortTime' }}</time>
        </p>
      }
      @if (typing().length) {
        <p class="typing">{{ typing().join(', ') }} typing…</p>
      }
    </main>
    <form (submit)="send(input); $event.preventDefault()">
      <input #input (input)="conversations.typing()" placeholder="Write a message" [disabled]="!openSid()" />
    </form>
  `
})
export class ConversationsComponent {
  protected readonly conversations = inject(ConversationsService);
  protected readonly conversations$ = this.conversations.conversations$;
  protected readonly messages$ = this.conversations.messages$;
  protected readonly connection = toSignal(this.conversations.connectionState$, { initialValue: 'unknown' as const });
  protected readonly unread = toSignal(this.conversations.totalUnread$, { initialValue: 0 });
  protected readonly openSid = toSignal(this.conversations.openSid$, { initialValue: null });
  protected readonly typing = toSignal(this.conversations.typing$, { initialValue: [] as readonly string[] });

  protected open(sid: string): void {
    this.conversations.open(sid).catch((error: unknown) => console.error(error));
  }

  protected send(input: HTMLInputElement): void {
    const body = input.value;
    input.value = '';
    this.conversations.send(body).catch((error: unknown) => console.error(error));
  }

  /** A send keeps its row from pending to sent: both carry its key. */
  protected keyOf(message: MessageItem): string {
    return isPendingMessage(message) ? message.key : (message.key ?? message.sid);
  }

  protected isPending(message: MessageItem): message is PendingMessage {
    return isPendingMessage(message) && message.status === 'pending';
  }

  protected isFailed(message: MessageData | PendingMessage): boolean {
    return isPendingMessage(message) && message.status === 'failed';
  }
}

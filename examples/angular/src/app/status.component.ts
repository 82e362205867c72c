import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Conversations } from 'rx-conversations/angular';

/** The connection status, from the `status` signal: reading it never throws, failure included. */
@Component({
  selector: 'app-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="status" [attr.data-state]="state()" [title]="reason()">{{ state() }}</span>
    @if (reason()) {
      <span class="reason">{{ reason() }}</span>
    }
  `,
  styles: `
    .status {
      padding: 2px 8px;
      border-radius: 10px;
      background: #eee;
    }
    .status[data-state='connected'] {
      background: #d7f5dd;
    }
    .status[data-state='connecting'] {
      background: #fff1c2;
    }
    .status[data-state='failed'],
    .status[data-state='denied'] {
      background: #ffd9d9;
    }
    .reason {
      margin-left: 8px;
      color: #a33;
    }
  `
})
export class StatusComponent {
  readonly #status = inject(Conversations).status;

  /** `failed` when the client could not start, else the connection's state. */
  protected readonly state = computed(() => {
    const status = this.#status();
    return status.phase === 'failed' && status.connection !== 'denied' ? 'failed' : status.connection;
  });

  /** Why it failed, or why the link was last lost while it reconnects. */
  protected readonly reason = computed(() => {
    const status = this.#status();
    return status.connection === 'connected' ? '' : (status.error?.message ?? '');
  });
}

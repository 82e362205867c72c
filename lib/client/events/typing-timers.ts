import type { SchedulerLike, Subscription } from 'rxjs';
import type { Action } from '../store/actions';
import { after } from '../util/scheduler';
import type { PublishedBatch } from './pipeline';

/**
 * Ends remote typing indicators: each `typingStarted` signal from someone else (re)starts a timer
 * of the signal's timeout plus 1 s; when it runs out, `typingExpired` goes to the store. Typing
 * that ended some other way (the typer's message arrived, they left) cancels it.
 */
export class TypingTimers {
  #timers = new Map<string, Subscription>();

  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly dispatch: (action: Action) => void
  ) {}

  /** A batch was published. */
  published(batch: PublishedBatch): void {
    const identity = batch.state.session.identity;
    for (const action of batch.actions) {
      if (action.type !== 'server' || action.event.name !== 'typingStarted') continue;
      const data = action.event.data;
      if (data.identity !== identity) this.#start(data.conversationSid, data.participantSid, data.timeoutMs);
    }
    for (const event of batch.events) {
      if (event.type === 'typingEnded') this.#cancel(`${event.conversationSid}/${event.participantSid}`);
    }
  }

  /** Cancels every timer. */
  clear(): void {
    for (const timer of this.#timers.values()) timer.unsubscribe();
    this.#timers.clear();
  }

  #start(conversationSid: string, participantSid: string, timeoutMs: number): void {
    const key = `${conversationSid}/${participantSid}`;
    this.#cancel(key);
    this.#timers.set(
      key,
      after(this.scheduler, timeoutMs + 1000, () => {
        this.#timers.delete(key);
        this.dispatch({ type: 'typingExpired', conversationSid, participantSid });
      })
    );
  }

  #cancel(key: string): void {
    this.#timers.get(key)?.unsubscribe();
    this.#timers.delete(key);
  }
}

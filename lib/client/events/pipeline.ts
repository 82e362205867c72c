import { Subject, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { Action } from '../store/actions';
import type { State } from '../store/state';
import type { ClientEvent } from './client-event';

/** A published batch as the pipeline's subscribers see it: the state, what was reduced, and the events it caused. */
export interface PublishedBatch {
  readonly state: State;
  readonly actions: readonly Action[];
  readonly events: readonly ClientEvent[];
}

/**
 * The one ordered stream of what the client tells the application. The store's batches and the
 * session's news go in as they happen; `published$` hands each batch, synchronously, to the
 * client's own subscribers (acknowledgements, typing timers, receipt counting, which may add
 * events of their own); the events are delivered in order, on the scheduler (by default in the
 * next macrotask: after the store holds them and after the awaiting caller of the command that
 * caused them has resumed).
 */
export class EventPipeline {
  readonly #published = new Subject<PublishedBatch>();
  #queue: ClientEvent[] = [];
  #scheduled: Subscription | null = null;
  #closed = false;
  /** Things delivery waits for (a joined conversation's roster); events stay queued meanwhile. */
  #holds = 0;

  /** Each published batch, at once, for the client's own subscribers. */
  readonly published$: Observable<PublishedBatch> = this.#published.asObservable();

  constructor(
    private readonly scheduler: SchedulerLike,
    /** Runs once per event, in order, when it is delivered. */
    private readonly deliver: (event: ClientEvent) => void,
    /** Runs once per event, in order, when it enters the pipeline. */
    private readonly entered: (event: ClientEvent) => void = () => undefined
  ) {}

  /** A batch was published: its events are queued, then its subscribers run. */
  publish(batch: PublishedBatch): void {
    if (this.#closed) return;
    this.tell(...batch.events);
    this.#published.next(batch);
  }

  /** Queues events for delivery after everything queued before them. */
  tell(...events: ClientEvent[]): void {
    if (this.#closed || events.length === 0) return;
    for (const event of events) {
      this.entered(event);
      this.#queue.push(event);
    }
    this.#scheduled ??= this.scheduler.schedule(() => this.#flush());
  }

  /**
   * Delivers nothing until `until` settles: what is queued meanwhile keeps its order and goes
   * after it. (The session holds delivery while a conversation joined live loads its roster.)
   */
  hold(until: Promise<unknown>): void {
    if (this.#closed) return;
    this.#holds += 1;
    const release = (): void => {
      if (this.#closed) return;
      this.#holds -= 1;
      if (this.#holds === 0 && this.#queue.length > 0) this.#scheduled ??= this.scheduler.schedule(() => this.#flush());
    };
    until.then(release, release);
  }

  /**
   * Delivers what is queued now, then delivers nothing more and ends `published$` (shutdown: the
   * last `connectionStateChanged`, `disconnecting` then `disconnected`, still reaches listeners).
   */
  close(): void {
    if (this.#closed) return;
    this.#scheduled?.unsubscribe();
    this.#scheduled = null;
    this.#holds = 0;
    this.#flush();
    this.#closed = true;
    this.#queue = [];
    this.#published.complete();
  }

  #flush(): void {
    this.#scheduled = null;
    if (this.#holds > 0) return;
    const events = this.#queue;
    this.#queue = [];
    for (const event of events) {
      if (this.#closed) return;
      this.deliver(event);
    }
  }
}

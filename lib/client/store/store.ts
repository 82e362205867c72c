import { BehaviorSubject, Observable, Subject, distinctUntilChanged, map } from 'rxjs';
import type { Equality } from './memoize';
import type { Action } from './actions';
import { createInitialState } from './initial-state';
import { reduce, type ReduceResult } from './reducer';
import type { State } from './state';

/**
 * The client's store: the frozen state, and the actions of one tick reduced in one batch.
 *
 * `dispatch` queues an action and schedules a flush at the end of the current tick (a microtask);
 * `flush` reduces everything queued in ONE `reduce` call, publishes the new state on `state$` if
 * it changed, then the batch on `batches$` (so that anything reacting to an emission finds the
 * store already holding it). Actions dispatched while a batch is being published form the next
 * batch of the same flush.
 */
export class Store {
  readonly #state$: BehaviorSubject<State>;
  readonly #batches$ = new Subject<ReduceResult>();
  #queue: Action[] = [];
  #scheduled = false;
  #flushing = false;
  #completed = false;

  /** The current state now, then each new state, once per batch that changed it. */
  readonly state$: Observable<State>;
  /** Each non-empty batch once reduced and published: the new state and its emissions, in order. */
  readonly batches$: Observable<ReduceResult>;

  /** @param initial the state to start from (by default `createInitialState()`). */
  constructor(initial: State = createInitialState()) {
    this.#state$ = new BehaviorSubject(initial);
    this.state$ = this.#state$.asObservable();
    this.batches$ = this.#batches$.asObservable();
  }

  /** The current state. */
  getState(): State {
    return this.#state$.getValue();
  }

  /** Queues an action for this tick's batch. Ignored once the store is complete. */
  dispatch(action: Action): void {
    if (this.#completed) return;
    this.#queue.push(action);
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.flush());
  }

  /** Reduces and publishes what is queued now, without waiting for the end of the tick. */
  flush(): void {
    this.#scheduled = false;
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      while (this.#queue.length > 0) {
        const actions = this.#queue;
        this.#queue = [];
        const batch = reduce(this.getState(), actions);
        if (batch.state !== this.getState()) this.#state$.next(batch.state);
        this.#batches$.next(batch);
      }
    } finally {
      this.#flushing = false;
    }
  }

  /**
   * The selected value now, then each time it changes (by reference, or by `equals`). Once the
   * store is complete: the last value, then complete.
   */
  select<R>(selector: (state: State) => R, equals?: Equality<R>): Observable<R> {
    const live = this.#state$.pipe(map(selector), distinctUntilChanged(equals));
    return new Observable<R>((subscriber) => {
      if (!this.#completed) return live.subscribe(subscriber);
      subscriber.next(selector(this.getState()));
      subscriber.complete();
      return undefined;
    });
  }

  /** Flushes what is queued, then completes every observable; later dispatches are ignored. */
  complete(): void {
    if (this.#completed) return;
    this.flush();
    this.#completed = true;
    this.#state$.complete();
    this.#batches$.complete();
  }
}

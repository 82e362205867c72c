import { ErrorCode } from '../../protocol';
import { ConversationsError } from '../errors';

/**
 * A Promise that its caller can cancel, with the reference SDK's shape: the executor gets a third
 * argument to register what cancelling does (abort an upload, drop a request), and `cancel()`
 * runs it and rejects the promise with a `ConversationsError` (`ErrorCode.Cancelled`). Cancelling
 * a settled promise does nothing. `then`/`catch` give plain Promises.
 */
export class CancellablePromise<T> extends Promise<T> {
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  #settled = false;
  #reject: (reason: unknown) => void;
  #onCancel: Array<() => void>;

  constructor(
    executor: (
      resolve: (value: T | PromiseLike<T>) => void,
      reject: (reason?: unknown) => void,
      onCancel: (cancellationFunction: () => void) => void
    ) => void
  ) {
    const handlers: Array<() => void> = [];
    let rejectOuter: (reason: unknown) => void = () => undefined;
    let settledEarly = false;
    let self: CancellablePromise<T> | null = null;
    const settle = () => {
      if (self) self.#settled = true;
      else settledEarly = true;
    };
    super((resolve, reject) => {
      rejectOuter = reject;
      executor(
        (value) => {
          settle();
          resolve(value);
        },
        (reason) => {
          settle();
          reject(reason);
        },
        (fn) => handlers.push(fn)
      );
    });
    // the executor ran inside super(), before `this` existed
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- see above
    self = this;
    this.#settled = settledEarly;
    this.#reject = rejectOuter;
    this.#onCancel = handlers;
  }

  /** Cancels: runs the registered cancellation and rejects with `Cancelled`. */
  cancel(): this {
    if (this.#settled) return this;
    this.#settled = true;
    for (const fn of this.#onCancel.splice(0)) {
      try {
        fn();
      } catch {
        // cancellation is best effort
      }
    }
    this.#reject(new ConversationsError(ErrorCode.Cancelled, 'Cancelled'));
    return this;
  }

  /** A CancellablePromise that follows `work`; cancelling aborts `controller`. */
  static fromAbortable<T>(work: (signal: AbortSignal) => Promise<T>): CancellablePromise<T> {
    return new CancellablePromise<T>((resolve, reject, onCancel) => {
      const controller = new AbortController();
      onCancel(() => controller.abort());
      work(controller.signal).then(resolve, reject);
    });
  }
}

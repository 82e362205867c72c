/**
 * Runs jobs one at a time, in the order they were queued. A job's failure is its caller's;
 * the queue goes on with the next one.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Jobs queued or running. */
  get size(): number {
    return this.pending;
  }

  /** Queues `job`; answers its outcome once it has run. */
  run<T>(job: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(job);
    this.tail = result.then(
      () => this.pending--,
      () => this.pending--
    );
    return result;
  }

  /** Resolves once every job queued so far has finished. */
  async drain(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }
}

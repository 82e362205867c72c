/**
 * What undoes a start-up, step by step: each resource adds the step that releases it as soon as it
 * is acquired, and {@link Teardown.run} runs them last first, whether start-up failed half-way or
 * the server is closing.
 */
export class Teardown {
  readonly #steps: (() => unknown)[] = [];

  /** Adds the step that undoes what was just done. */
  add(step: () => unknown): void {
    this.#steps.push(step);
  }

  /**
   * Runs every step added, last first, each once (a step added meanwhile runs too). A step that
   * fails does not stop the others; the first failure is thrown at the end.
   */
  async run(): Promise<void> {
    const failures: unknown[] = [];
    for (let step = this.#steps.pop(); step; step = this.#steps.pop()) {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}

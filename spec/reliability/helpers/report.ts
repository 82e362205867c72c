import { appendFileSync } from 'node:fs';

/**
 * Prints the figures a reliability test measured as one line of JSON (`[reliability] name {...}`),
 * and appends it to the file named by `RELIABILITY_REPORT` when that is set. docs/reliability.md
 * quotes these lines.
 */
export function report(name: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ test: name, ...figures });
  process.stdout.write(`[reliability] ${line}\n`);
  const file = process.env.RELIABILITY_REPORT;
  if (file) appendFileSync(file, `${line}\n`);
}

/** The `p`th percentile of `values` (nearest rank, from a sorted copy). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

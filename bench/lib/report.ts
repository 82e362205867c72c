/**
 * How every benchmark reports: one JSON line per figure as it is measured (for machines), and a
 * markdown table of all of them at the end (for people).
 */

/** A parameter of a measurement. */
export type ParamValue = string | number | boolean;

/** One measured figure, beside the floor it is judged against. */
export interface BenchResult {
  /** The benchmark's name, e.g. `store-ingest`. */
  readonly benchmark: string;
  /** What was measured, and at what size. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The figure (a median of several runs). */
  readonly value: number;
  /** Its unit, e.g. `events/s`. */
  readonly unit: string;
  /** The figure it is compared with, in the same unit; null when it stands alone. */
  readonly floor: number | null;
  /** `value / floor`, or null. */
  readonly ratio: number | null;
  /** The goal, in words (e.g. `ratio ≥ 1/3`); null when there is none. */
  readonly goal: string | null;
  /** Whether the goal is met; null when there is none. */
  readonly met: boolean | null;
}

/** A result as a benchmark gives it: the ratio is computed when a floor is given. */
export type BenchInput = Omit<BenchResult, 'ratio' | 'floor' | 'goal' | 'met'> & {
  readonly floor?: number | null;
  readonly goal?: string | null;
  readonly met?: boolean | null;
};

const results: BenchResult[] = [];

/** Records a result: prints it as one JSON line and keeps it for the table. */
export function record(input: BenchInput, write: (line: string) => void = (line) => console.log(line)): BenchResult {
  const floor = input.floor ?? null;
  const result: BenchResult = {
    benchmark: input.benchmark,
    params: input.params,
    value: round(input.value),
    unit: input.unit,
    floor: floor === null ? null : round(floor),
    ratio: floor === null || floor === 0 ? null : round(input.value / floor, 4),
    goal: input.goal ?? null,
    met: input.met ?? null
  };
  results.push(result);
  write(JSON.stringify(result));
  return result;
}

/** Everything recorded so far, in order. */
export function recorded(): readonly BenchResult[] {
  return results;
}

/** The recorded results as a markdown table. */
export function table(rows: readonly BenchResult[] = results): string {
  const head = ['benchmark', 'params', 'value', 'unit', 'floor', 'ratio', 'goal', 'met'];
  const lines = rows.map((r) => [
    r.benchmark,
    Object.entries(r.params)
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(', '),
    format(r.value),
    r.unit,
    r.floor === null ? '' : format(r.floor),
    r.ratio === null ? '' : String(r.ratio),
    r.goal ?? '',
    r.met === null ? '' : r.met ? 'yes' : 'NO'
  ]);
  return [head, head.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Prints the markdown table of everything recorded. */
export function printTable(write: (text: string) => void = (text) => console.log(text)): void {
  write(`\n${table()}\n`);
}

function round(value: number, digits = 0): number {
  if (Math.abs(value) < 100 && digits === 0) return Math.round(value * 100) / 100;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function format(value: number): string {
  return value.toLocaleString('en-US');
}

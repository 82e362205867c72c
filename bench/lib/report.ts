/**
 * How every benchmark reports: one JSON line per figure as it is measured (for machines), and a
 * markdown table of all of them at the end (for people).
 */
import { median } from './measure';
import { percentile } from './stats';

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
  /** How the ratio spread over the runs (each run's value ÷ its floor); null when runs were not paired. */
  readonly spread?: Spread | null;
}

/** The spread of per-run ratios: extremes and quartiles. */
export interface Spread {
  readonly min: number;
  readonly q1: number;
  readonly q3: number;
  readonly max: number;
}

/** One run of a product measured beside its floor (interleaved: floor, product, floor, product, …). */
export interface PairedRun {
  readonly value: number;
  readonly floor: number;
}

/**
 * A result as a benchmark gives it: the ratio is computed when a floor is given. With `runs`, the
 * value and floor default to the runs' medians, the ratio is the median of the per-run ratios, its
 * spread is reported, and a goal with `meets` is met only when the worse quartile of the runs meets
 * it (at least three runs in four).
 */
export type BenchInput = Omit<BenchResult, 'ratio' | 'floor' | 'goal' | 'met' | 'spread' | 'value'> & {
  readonly value?: number;
  readonly floor?: number | null;
  readonly goal?: string | null;
  readonly met?: boolean | null;
  readonly runs?: readonly PairedRun[];
  readonly meets?: (value: number, floor: number) => boolean;
};

const results: BenchResult[] = [];

/** Records a result: prints it as one JSON line and keeps it for the table. */
export function record(input: BenchInput, write: (line: string) => void = (line) => console.log(line)): BenchResult {
  const runs = input.runs ?? [];
  const value = input.value ?? median(runs.map((run) => run.value));
  const floor = input.floor !== undefined ? input.floor : runs.length > 0 ? median(runs.map((run) => run.floor)) : null;
  const ratios = runs.filter((run) => run.floor !== 0).map((run) => run.value / run.floor);
  const { meets } = input;
  const result: BenchResult = {
    benchmark: input.benchmark,
    params: input.params,
    value: round(value),
    unit: input.unit,
    floor: floor === null ? null : round(floor),
    ratio:
      ratios.length > 0 ? round(median(ratios), 4) : floor === null || floor === 0 ? null : round(value / floor, 4),
    goal: input.goal ?? null,
    met:
      meets !== undefined && runs.length > 0
        ? runs.filter((run) => meets(run.value, run.floor)).length >= (runs.length * 3) / 4
        : (input.met ?? null),
    spread: ratios.length > 0 ? spreadOf(ratios) : null
  };
  results.push(result);
  write(JSON.stringify(result));
  return result;
}

/** Everything recorded so far, in order. */
export function recorded(): readonly BenchResult[] {
  return results;
}

/** Extremes and quartiles (nearest rank) of some ratios. */
function spreadOf(ratios: readonly number[]): Spread {
  const at = (q: number) => round(percentile(ratios, q), 4);
  return { min: at(0), q1: at(0.25), q3: at(0.75), max: at(1) };
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
    r.ratio === null
      ? ''
      : r.spread && r.spread.min !== r.spread.max
        ? `${r.ratio} (${r.spread.min}–${r.spread.max})`
        : String(r.ratio),
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

/**
 * Run to run: how far each figure of one full run moved in the next. Issue 15 asks that the same
 * code on the same quiet machine give ratios within ±15 % from run to run; this pairs the rows of
 * two runs and says which moved more.
 */
import type { BenchResult } from './report';

/** Params that a run derives from what it measured (a steady rate, a count it reached), not inputs. */
const DERIVED = new Set([
  'messagesPerSecond',
  'messages',
  'eventsMeasured',
  'ownCode',
  'dependencies',
  'parts',
  'packages',
  'meanHits',
  'receiverP50Ms'
]);

/** How much a figure may move from run to run. */
export const TOLERANCE = 0.15;

/** One figure in two runs. */
export interface RunToRun {
  readonly benchmark: string;
  readonly params: string;
  /** What is compared: the ratio to the floor where there is one, else the value. */
  readonly compared: 'ratio' | 'value';
  readonly before: number;
  readonly after: number;
  /** `after / before - 1`. */
  readonly change: number;
  readonly within: boolean;
}

/** The key of a row: its benchmark and its input params, numbered when several rows share them. */
function keys(rows: readonly BenchResult[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const inputs = Object.entries(row.params)
      .filter(([key]) => !DERIVED.has(key))
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(', ');
    const base = `${row.benchmark} | ${inputs}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base} #${count + 1}`;
  });
}

/** Pairs the rows of two runs (those in both, with a figure to compare) and measures each move. */
export function runToRun(before: readonly BenchResult[], after: readonly BenchResult[]): RunToRun[] {
  const earlier = new Map<string, BenchResult>();
  keys(before).forEach((key, i) => earlier.set(key, before[i]));
  const pairs: RunToRun[] = [];
  keys(after).forEach((key, i) => {
    const a = earlier.get(key);
    const b = after[i];
    if (!a) return;
    const compared = a.ratio !== null && b.ratio !== null ? 'ratio' : 'value';
    const [x, y] = compared === 'ratio' ? [a.ratio as number, b.ratio as number] : [a.value, b.value];
    if (x === 0 || !Number.isFinite(x) || !Number.isFinite(y)) return;
    const change = y / x - 1;
    const [benchmark, params] = key.split(' | ');
    pairs.push({ benchmark, params, compared, before: x, after: y, change, within: Math.abs(change) <= TOLERANCE });
  });
  return pairs;
}

/** The pairs as a markdown table, with a line counting those within the tolerance. */
export function runToRunTable(pairs: readonly RunToRun[], heading: string): string {
  const compared = pairs.filter((p) => p.compared === 'ratio');
  const within = compared.filter((p) => p.within).length;
  const pct = (n: number) => `${n >= 0 ? '+' : ''}${(n * 100).toFixed(1)} %`;
  const lines = pairs.map((p) => [
    p.benchmark,
    p.params,
    p.compared,
    String(p.before),
    String(p.after),
    pct(p.change),
    p.within ? 'yes' : 'NO'
  ]);
  const head = ['benchmark', 'params', 'compared', 'run 1', 'run 2', 'change', `within ±${TOLERANCE * 100} %`];
  return [
    heading,
    '',
    `Ratios to a floor: ${within} of ${compared.length} within ±${TOLERANCE * 100} % ` +
      `(values without a floor, shown for what they are: ${pairs.length - compared.length}).`,
    '',
    ...[head, head.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`)
  ].join('\n');
}

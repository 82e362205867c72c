/** Timing helpers shared by the benchmarks. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** What a measurement took, in milliseconds. */
export interface Timing {
  /** On the monotonic wall clock. */
  readonly wall: number;
  /**
   * CPU time of the whole process (every thread: the garbage collector's helpers count). On a
   * shared machine this is the steadier figure: time spent waiting for a core is not in it.
   */
  readonly cpu: number;
}

/** Milliseconds taken by `body` (which may be async), on the monotonic clock. */
export async function time(body: () => unknown): Promise<number> {
  return (await timing(body)).wall;
}

/** What `body` (which may be async) took, on the wall clock and in CPU time. */
export async function timing(body: () => unknown): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await body();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

/** True when the command line has this flag (e.g. `--quick`). */
export function hasFlag(flag: string, argv: readonly string[] = process.argv): boolean {
  return argv.includes(flag);
}

let gc: (() => void) | undefined;

/** The value after a flag (`--only floor` gives `floor`), if the command line has it. */
export function flagValue(flag: string, argv: readonly string[] = process.argv): string | undefined {
  const at = argv.indexOf(flag);
  return at === -1 ? undefined : argv[at + 1];
}

/** Runs a full garbage collection, so that one run's garbage is not the next one's cost. */
export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/** A seeded pseudo-random generator in [0, 1) (mulberry32): the same seed, the same workload. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

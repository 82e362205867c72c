/**
 * `npm run bench`: every benchmark, each in its own Node process (one after another, so that none
 * disturbs another), their JSON lines collected into one table.
 *
 * A full run writes bench/results/latest.json (every figure), bench/results/machine.json (what it
 * ran on, and the load before and after), the fan-out chart docs/performance-fan-out.svg, and the
 * table in docs/performance.md (between its `bench:table` markers); it keeps the run before as
 * bench/results/previous.json and writes how far each figure moved since (`bench:run-to-run`).
 * `--quick` is the smoke run of CI: small sizes, results in test-output/bench-quick.json, nothing
 * committed is touched.
 *
 * The run fails only if a benchmark crashes; a missed goal is a figure, not a failure.
 *
 * Run: `npm run bench [-- --quick] [-- --only fan-out,bundle]`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, release, platform } from 'node:os';
import { fileURLToPath } from 'node:url';
import { fanOutChart } from './lib/chart';
import { flagValue, hasFlag } from './lib/measure';
import { type BenchResult, table } from './lib/report';
import { runToRun, runToRunTable } from './lib/stability';

const BENCHMARKS = [
  'store-ingest',
  'bundle',
  'memory',
  'connections',
  'cold-start',
  'browser-cold-start',
  'catch-up',
  'fan-out',
  'latency',
  'backend',
  'search'
];
const root = fileURLToPath(new URL('..', import.meta.url));
const quick = hasFlag('--quick');
const only = flagValue('--only')?.split(',');

/** Runs one benchmark; answers its results and whether it exited cleanly. */
function runOne(name: string): Promise<{ results: BenchResult[]; ok: boolean; seconds: number }> {
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--expose-gc', `bench/${name}.ts`, ...(quick ? ['--quick'] : [])],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit']
      }
    );
    const results: BenchResult[] = [];
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('{"benchmark"')) {
          results.push(JSON.parse(line) as BenchResult);
          process.stdout.write(`${line}\n`);
        }
      }
    });
    child.on('close', (code) => resolve({ results, ok: code === 0, seconds: (performance.now() - start) / 1000 }));
  });
}

/** The commit measured: `BENCH_COMMIT`, else git's HEAD, else null (a tree without git). */
function commit(): string | null {
  if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    }).trim();
  } catch {
    return null;
  }
}

function machine(loadBefore: number[]): Record<string, unknown> {
  const cpu = cpus();
  return {
    commit: commit(),
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
    date: new Date().toISOString(),
    loadBefore: loadBefore.map((l) => Math.round(l * 100) / 100),
    loadAfter: loadavg().map((l) => Math.round(l * 100) / 100),
    note: 'loadavg (1, 5, 15 min): the machine is shared; compare each figure with its floor, measured in the same run'
  };
}

/** The full run before this one, as the results folder holds it, if any. */
function readPrevious(): { machine: Record<string, unknown>; results: BenchResult[] } | null {
  try {
    return {
      machine: JSON.parse(readFileSync(`${root}bench/results/machine.json`, 'utf8')) as Record<string, unknown>,
      results: JSON.parse(readFileSync(`${root}bench/results/latest.json`, 'utf8')) as BenchResult[]
    };
  } catch {
    return null;
  }
}

/** Which two runs the run-to-run table compares: their commits, dates and loads. */
function runHeading(before: Record<string, unknown>, after: Record<string, unknown>): string {
  const run = (m: Record<string, unknown>) =>
    `commit ${String(m.commit)}, ${String(m.date)}, ` +
    `load ${JSON.stringify(m.loadBefore)} → ${JSON.stringify(m.loadAfter)}`;
  const same = before.commit === after.commit ? 'the same code' : 'different code';
  return `Run 1: ${run(before)}. Run 2: ${run(after)} (${same}).`;
}

/** Replaces what stands between the `bench:<marker>` markers of docs/performance.md. */
function updateDoc(marker: string, markdown: string): void {
  const path = `${root}docs/performance.md`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return;
  }
  const start = `<!-- bench:${marker} -->`;
  const end = `<!-- /bench:${marker} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) return;
  writeFileSync(path, `${text.slice(0, from + start.length)}\n${markdown}\n${text.slice(to)}`);
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const all: BenchResult[] = [];
  const crashed: string[] = [];
  for (const name of BENCHMARKS.filter((b) => !only || only.includes(b))) {
    console.error(`\n== ${name}${quick ? ' (quick)' : ''}`);
    const { results, ok, seconds } = await runOne(name);
    console.error(`== ${name}: ${results.length} figures in ${seconds.toFixed(0)} s${ok ? '' : ' — CRASHED'}`);
    all.push(...results);
    if (!ok) crashed.push(name);
  }
  const markdown = table(all);
  console.log(`\n${markdown}\n`);
  if (quick) {
    mkdirSync(`${root}test-output`, { recursive: true });
    writeFileSync(`${root}test-output/bench-quick.json`, `${JSON.stringify(all, null, 2)}\n`);
  } else if (crashed.length === 0 && !only) {
    mkdirSync(`${root}bench/results`, { recursive: true });
    const previous = readPrevious();
    const now = machine(loadBefore);
    if (previous) writeFileSync(`${root}bench/results/previous.json`, `${JSON.stringify(previous, null, 2)}\n`);
    writeFileSync(`${root}bench/results/latest.json`, `${JSON.stringify(all, null, 2)}\n`);
    writeFileSync(`${root}bench/results/machine.json`, `${JSON.stringify(now, null, 2)}\n`);
    const chart = fanOutChart(all);
    if (chart) writeFileSync(`${root}docs/performance-fan-out.svg`, chart);
    updateDoc('table', markdown);
    if (previous)
      updateDoc('run-to-run', runToRunTable(runToRun(previous.results, all), runHeading(previous.machine, now)));
    console.error(
      'wrote bench/results/latest.json, machine.json, previous.json (the run before), ' +
        'docs/performance-fan-out.svg and the tables in docs/performance.md'
    );
  }
  const met = all.filter((r) => r.met === true).length;
  const missed = all.filter((r) => r.met === false).length;
  console.log(
    `bench: ${all.length} figures, ${met} goals met, ${missed} missed` +
      (crashed.length ? `; crashed: ${crashed.join(', ')}` : '')
  );
  if (crashed.length > 0) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

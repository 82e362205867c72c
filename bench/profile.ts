/**
 * Summarizes V8 CPU profiles (`node --cpu-prof`): the top frames by self time, and self time by
 * where the code lives (a package in node_modules, a folder of lib/, node's internals, GC, idle).
 *
 * Run: `npx tsx bench/profile.ts <file.cpuprofile>... [--top 25]`.
 */
import { readFileSync } from 'node:fs';
import { flagValue } from './lib/measure';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a frame's code lives. */
export function area(url: string, name: string): string {
  if (name === '(garbage collector)') return '(gc)';
  if (name === '(idle)' || name === '(program)' || name === '(root)') return name;
  const pkg = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  const lib = url.match(/\/(lib\/[^/]+\/[^/]+)\//) ?? url.match(/\/(lib\/[^/]+)\//);
  if (lib) return lib[1];
  const bench = url.match(/\/(bench\/.+)$/);
  if (bench) return bench[1];
  if (url.startsWith('node:') || url === '') return 'node (internal)';
  return url;
}

/** Self time per frame and per area, in ms, sorted. */
export function summarize(profile: Profile): {
  totalMs: number;
  frames: [string, number][];
  areas: [string, number][];
} {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const frames = new Map<string, number>();
  const areas = new Map<string, number>();
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = (byId.get(id) as Node).callFrame;
    const where = area(url, functionName);
    const key = `${functionName || '(anonymous)'}  ${where}${url ? `:${lineNumber + 1}` : ''}`;
    frames.set(key, (frames.get(key) ?? 0) + ms);
    areas.set(where, (areas.get(where) ?? 0) + ms);
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { totalMs: (profile.endTime - profile.startTime) / 1000, frames: sorted(frames), areas: sorted(areas) };
}

function main(): void {
  const top = Number(flagValue('--top') ?? 25);
  const files = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && all[i - 1] !== '--top');
  for (const file of files) {
    const { totalMs, frames, areas } = summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile);
    const busy = totalMs - (areas.find(([name]) => name === '(idle)')?.[1] ?? 0);
    const pct = (ms: number) => `${((ms / busy) * 100).toFixed(1).padStart(5)} %`;
    console.log(`\n## ${file}\n${totalMs.toFixed(0)} ms profiled, ${busy.toFixed(0)} ms busy (not idle)\n`);
    console.log('self time by area:');
    for (const [name, ms] of areas.slice(0, 15))
      if (name !== '(idle)') console.log(`  ${pct(ms)}  ${ms.toFixed(0).padStart(7)} ms  ${name}`);
    console.log('\ntop frames by self time:');
    for (const [name, ms] of frames.slice(0, top))
      if (!name.startsWith('(idle)')) console.log(`  ${pct(ms)}  ${ms.toFixed(0).padStart(7)} ms  ${name}`);
  }
}

if (process.argv[1]?.endsWith('profile.ts')) main();

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, outputDir, requireBuilt } from './browser';

/** The Angular example against the types as published (dist/index.d.ts), after `npm run build`. */
it('examples/angular type-checks against the bundled dist/index.d.ts', async () => {
  requireBuilt('dist/index.d.ts');
  const dir = join(outputDir(), 'angular-published-types');
  mkdirSync(dir, { recursive: true });
  const example = (file: string) => join(ROOT, 'examples/angular', file);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: example('tsconfig.json'),
      compilerOptions: { paths: { 'rx-conversations': [join(ROOT, 'dist/index.d.ts')] } },
      files: ['src/main.ts', 'src/conversations.component.ts', 'src/conversations.service.ts'].map(example)
    })
  );
  const result = await new Promise<{ code: number | null; output: string }>((done) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')],
      { cwd: ROOT }
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => done({ code, output }));
  });
  expect(result.output).toBe('');
  expect(result.code).toBe(0);
}, 120000);

/** The published types show the reference's surface and the reactive one, nothing internal. */
it('dist/index.d.ts declares no internal member: no underscore but the reference’s _participants, no @internal', () => {
  requireBuilt('dist/index.d.ts');
  const types = readFileSync(join(ROOT, 'dist/index.d.ts'), 'utf8');
  const underscored = [...types.matchAll(/^\s+(?:get |readonly |static )*(_\w+)\s*[(:<?]/gm)].map((match) => match[1]);
  expect([...new Set(underscored)]).toEqual(['_participants']);
  expect(types).not.toMatch(/@internal/);
  expect(types).not.toMatch(/\bModelContext\b|\bRegistry\b|\bEventStreams\b|\bSession\b/);
});

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, writeSnippets } from './snippets';

/**
 * One strict compile of the Angular example's sources (tsc, with this repository's Angular; its
 * templates are compiled by Angular's builder in `npm run test:e2e`) and of every TypeScript
 * snippet of the README and the guide, against the library's sources.
 */
it('the Angular example and the TypeScript snippets of the README and the guide type-check', async () => {
  const dir = join(ROOT, 'test-output', 'typecheck');
  mkdirSync(dir, { recursive: true });
  const snippets = writeSnippets(join(dir, 'snippets'), ['README.md', 'docs/guide.md']);
  expect(snippets.length).toBeGreaterThanOrEqual(10);
  const angular = ['src/main.ts', 'src/main.zone.ts'];
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      // the example's compiler options (its build adds two more checks, which the library's sources
      // do not follow: tsconfig.app.json), with this repository's Angular and Node types
      extends: join(ROOT, 'examples/angular/tsconfig.json'),
      compilerOptions: {
        noEmit: true,
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules/@types')],
        paths: {
          'rx-conversations': [join(ROOT, 'lib/client/index.ts')],
          'rx-conversations/lean': [join(ROOT, 'lib/client/lean.ts')],
          'rx-conversations/media': [join(ROOT, 'lib/client/media/index.ts')],
          'rx-conversations/angular': [join(ROOT, 'lib/angular/index.ts')],
          'rx-conversations/server': [join(ROOT, 'lib/server/index.ts')]
        }
      },
      files: [...angular.map((file) => join(ROOT, 'examples/angular', file)), ...snippets]
    })
  );
  const result = await new Promise<{ code: number | null; output: string }>((done) => {
    // not spawnSync: this process keeps serving while the compiler runs
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')],
      { cwd: ROOT }
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 110000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      done({ code, output });
    });
  });
  expect(result.output).toBe('');
  expect(result.code).toBe(0);
}, 120000);

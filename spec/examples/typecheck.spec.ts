import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, writeSnippets } from './snippets';

/**
 * One strict compile of the Angular example (with its Node runner) and of every TypeScript
 * snippet of the README and the guide, against the library's sources, with the current Angular
 * major. (`npm run test:e2e` checks the example against the bundled dist/index.d.ts too.)
 */
it('the Angular example and the TypeScript snippets of the README and the guide type-check', async () => {
  const dir = join(ROOT, 'test-output', 'typecheck');
  mkdirSync(dir, { recursive: true });
  const snippets = writeSnippets(join(dir, 'snippets'), ['README.md', 'docs/guide.md']);
  expect(snippets.length).toBeGreaterThanOrEqual(10);
  const angular = [
    'src/main.ts',
    'src/conversations.component.ts',
    'src/conversations.service.ts',
    'test/run-service.ts'
  ];
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(ROOT, 'examples/angular/test/tsconfig.json'),
      compilerOptions: {
        paths: {
          'rx-conversations': [join(ROOT, 'lib/client/index.ts')],
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

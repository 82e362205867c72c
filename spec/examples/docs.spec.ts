import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningServer, startServer } from '../../lib/server';
import { ROOT, tsBlocks } from './snippets';

/** The README's example, run as written against the real server (with a token for alice). */
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ logger: { info() {}, warn() {}, error() {} } });
});
afterAll(() => server?.close());

it("the README's example runs: it connects, lists conversations, sends and selects messages", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const example = tsBlocks(readme.slice(readme.indexOf('## Example')))[0];
  const dir = join(ROOT, 'test-output', 'readme-example');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'example.mts'),
    // a command resolves before its events are delivered: the message's event is still to come
    "import { firstValueFrom } from 'rxjs';\nconst token = process.env.RXC_TOKEN as string;\n" +
      `${example}\nawait firstValueFrom(client.messageAdded$);\nawait client.shutdown();\n`
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'bundler',
        paths: { 'rx-conversations': [join(ROOT, 'lib/client/index.ts')] }
      }
    })
  );
  const token = await server.issueToken('alice');
  const run = await new Promise<{ code: number | null; out: string; err: string }>((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(dir, 'example.mts')], {
      cwd: ROOT,
      env: { ...process.env, RXC_TOKEN: token, TSX_TSCONFIG_PATH: join(dir, 'tsconfig.json') }
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      done({ code, out, err });
    });
  });
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  const lines = run.out.trim().split('\n');
  expect(lines).toContain('Support (0 unread)');
  expect(lines).toContain("[ 'Hello, Bob! (sending…)' ]");
  expect(lines).toContain("[ 'Hello, Bob!' ]");
  expect(lines).toContain('alice: Hello, Bob!');
}, 60000);

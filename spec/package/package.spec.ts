import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, type RunningServer } from '../../lib/server';

const root = resolve(__dirname, '../..');
const NODE_ONLY = ['ws', 'events', 'crypto', 'buffer', 'stream', 'net', 'http', 'https', 'fs', 'path', 'os', 'util', 'zlib', 'tls'];

/** The bare module specifiers a bundle imports or requires. */
function importsOf(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)['"]([^'"]+)['"]/g)) found.add(match[1]);
  for (const match of code.matchAll(/^import\s+['"]([^'"]+)['"]/gm)) found.add(match[1]);
  return [...found];
}

describe('the package as published', () => {
  let work: string;
  let server: RunningServer;

  beforeAll(() => {
    // TypeScript 4.9 lives in its own folder: both versions ship a `tsc` bin, so they cannot share one node_modules
    const ts49 = join(__dirname, 'typescript-4.9');
    if (!existsSync(join(ts49, 'node_modules/typescript/bin/tsc'))) {
      execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: ts49, stdio: 'inherit' });
    }
    execFileSync('npx', ['rollup', '-c', '--silent'], { cwd: root, stdio: 'inherit' });
    work = mkdtempSync(join(tmpdir(), 'rxc-compat-'));
    mkdirSync(join(work, 'node_modules'));
    symlinkSync(root, join(work, 'node_modules', 'rx-conversations'), 'dir');
    writeFileSync(join(work, 'app.ts'), readFileSync(join(__dirname, 'fixtures/reference-app.ts')));
  }, 180000);

  afterAll(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('builds a browser client that imports no Node module', () => {
    for (const file of ['dist/browser/index.js', 'dist/browser/index.cjs']) {
      const imports = importsOf(readFileSync(join(root, file), 'utf8'));
      expect(imports.filter((name) => NODE_ONLY.includes(name.replace(/^node:/, '')) || name.startsWith('node:'))).toEqual([]);
      expect(imports.sort()).toEqual(['immer', 'io-ts', 'reconnecting-websocket', 'rxjs']);
    }
    const nodeBuild = importsOf(readFileSync(join(root, 'dist/index.js'), 'utf8'));
    expect(nodeBuild).toContain('ws');
  });

  it.each([
    ['TypeScript 4.9', 'spec/package/typescript-4.9/node_modules/typescript/bin/tsc', 'out4'],
    ['TypeScript 5.x', 'node_modules/typescript/bin/tsc', 'out5']
  ])('compiles a reference-SDK application against the bundled types with %s', (_name, tsc, out) => {
    writeFileSync(
      join(work, `tsconfig.${out}.json`),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2020',
          module: 'CommonJS',
          moduleResolution: 'node',
          lib: ['ES2020', 'DOM'],
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
          skipLibCheck: false,
          esModuleInterop: true,
          outDir: out
        },
        files: ['app.ts']
      })
    );
    const result = spawnSync(process.execPath, [join(root, tsc), '-p', `tsconfig.${out}.json`], { cwd: work, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 120000);

  it('runs that application unchanged against the package and the real server', async () => {
    server = await startServer({ logger: { info() {}, warn() {}, error() {} } });
    const token = await server.issueToken('compat-user');
    const run = await new Promise<{ code: number | null; out: string; err: string }>((done) => {
      const { spawn } = require('node:child_process') as typeof import('node:child_process');
      const child = spawn(process.execPath, [join(work, 'out5/app.js')], { cwd: work, env: { ...process.env, RXC_TOKEN: token } });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      child.stderr.on('data', (d: Buffer) => (err += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        done({ code, out, err });
      });
    });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const lines = JSON.parse(run.out.trim().split('\n').pop() as string) as string[];
    expect(lines).toContain('state:connecting');
    expect(lines).toContain('state:connected');
    expect(lines).toContain('added:0:hello from a reference app');
    expect(lines).toContain('updated:compat-renamed:dateUpdated,friendlyName');
    expect(lines[lines.length - 1]).toBe('done:0:1:hello from a reference app:1:chat:default:compat-user:null');
  }, 60000);
});

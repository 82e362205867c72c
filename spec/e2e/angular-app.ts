import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { ROOT, outputDir, requireBuilt } from './browser';

/** The example's sources (examples/angular), copied to where it is installed and built. */
const EXAMPLE = join(ROOT, 'examples/angular');
const SOURCES = [
  'src',
  'angular.json',
  'tsconfig.json',
  'tsconfig.app.json',
  'build.js',
  'package.json',
  'package-lock.json'
];

/** Runs a command; rejects with its output when it fails or outlasts `timeoutMs`. */
function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: {
        ...process.env,
        FORCE_COLOR: '0',
        NO_COLOR: '1',
        NG_CLI_ANALYTICS: 'false',
        npm_config_update_notifier: 'false'
      },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${code}:\n${output}`));
    });
  });
}

/**
 * Builds examples/angular as a user would: its own dependencies from its lockfile (`npm ci`; kept
 * between local runs while the lockfile is the same), this repository as published (`npm pack`,
 * installed from the tarball), then Angular's application builder for both configurations.
 * Returns the folder that holds dist/zone/browser and dist/zoneless/browser.
 */
export async function buildAngularExample(): Promise<string> {
  requireBuilt('dist/index.js', 'dist/browser/index.js', 'dist/angular.js', 'dist/angular.d.ts');
  const app = join(outputDir(), 'angular-app');
  mkdirSync(app, { recursive: true });
  for (const name of [...SOURCES, 'dist']) rmSync(join(app, name), { recursive: true, force: true });
  for (const name of SOURCES) cpSync(join(EXAMPLE, name), join(app, name), { recursive: true });

  const lock = createHash('sha256')
    .update(readFileSync(join(app, 'package-lock.json')))
    .digest('hex');
  const installed = join(app, 'node_modules/.rxc-lock');
  const install = async () => {
    if (existsSync(installed) && readFileSync(installed, 'utf8') === lock) return;
    await run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], app, 240000);
    writeFileSync(installed, lock);
  };
  const pack = async () => {
    const packed = JSON.parse(await run('npm', ['pack', '--json', '--pack-destination', app], ROOT, 60000)) as Array<{
      filename: string;
    }>;
    return join(app, packed[0].filename);
  };
  // how long each step took, in test-output/angular-app/timings.json
  const timings: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    const result = await work();
    timings[step] = Date.now() - start;
    return result;
  };
  // npm ci empties node_modules only; the tarball is packed beside it meanwhile
  const [, tarball] = await Promise.all([timed('npm ci', install), timed('npm pack', pack)]);
  await timed('npm install (tarball)', () =>
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', tarball], app, 120000)
  );
  await timed('build (zoneless, zone)', () => run(process.execPath, ['build.js', 'zoneless', 'zone'], app, 240000));
  writeFileSync(join(app, 'timings.json'), JSON.stringify(timings, null, 2));
  return app;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.txt': 'text/plain'
};

/**
 * Serves a built app (`root`, the builder's browser folder) on 127.0.0.1, with the example's
 * token endpoint: `/api/token?user=<identity>` answers `issueToken(identity)`.
 */
export async function serveApp(
  root: string,
  issueToken: (identity: string) => Promise<string>
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/api/token') {
      issueToken(url.searchParams.get('user') ?? '').then(
        (token) => res.writeHead(200, { 'content-type': 'text/plain' }).end(token),
        (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message)
      );
      return;
    }
    const file = normalize(join(root, url.pathname === '/' ? 'index.html' : url.pathname));
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { startServer, type RunningServer } from '../../lib/server';
import { OPTIONAL_PACKAGES } from '../../lib/server/optional-packages';

const root = resolve(__dirname, '../..');
const NODE_ONLY = [
  'ws',
  'events',
  'crypto',
  'buffer',
  'stream',
  'net',
  'http',
  'https',
  'fs',
  'path',
  'os',
  'util',
  'zlib',
  'tls'
];

/** The client's entries: `rx-conversations` (index), the lean core, its optional parts and the cache. */
const CLIENT_ENTRIES = ['index', 'lean', 'media', 'templates', 'push', 'receipts', 'emitter', 'cache'];

/** The bare module specifiers a bundle imports or requires. */
function importsOf(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)['"]([^'"]+)['"]/g)) found.add(match[1]);
  for (const match of code.matchAll(/^import\s+['"]([^'"]+)['"]/gm)) found.add(match[1]);
  return [...found];
}

beforeAll(() => {
  execFileSync('npx', ['rollup', '-c', '--silent'], { cwd: root, stdio: 'inherit' });
}, 180000);

describe('the package as published', () => {
  let work: string;
  let server: RunningServer;

  beforeAll(() => {
    // TypeScript 4.9 lives in its own folder: both versions ship a `tsc` bin, so they cannot share one node_modules
    const ts49 = join(__dirname, 'typescript-4.9');
    if (!existsSync(join(ts49, 'node_modules/typescript/bin/tsc'))) {
      execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: ts49, stdio: 'inherit' });
    }
    work = mkdtempSync(join(tmpdir(), 'rxc-compat-'));
    mkdirSync(join(work, 'node_modules'));
    symlinkSync(root, join(work, 'node_modules', 'rx-conversations'), 'dir');
    writeFileSync(join(work, 'app.ts'), readFileSync(join(__dirname, 'fixtures/reference-app.ts')));
    writeFileSync(join(work, 'subpaths.ts'), readFileSync(join(__dirname, 'fixtures/subpaths-app.ts')));
  }, 180000);

  afterAll(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('builds a browser client that imports no Node module', () => {
    // the client's entries (complete, lean, the parts) and the chunks they share
    const browserFiles = filesUnder(join(root, 'dist/browser'), (name) => /\.c?js$/.test(name));
    expect(browserFiles.map((file) => file.slice(root.length + 1))).toEqual(
      expect.arrayContaining(
        CLIENT_ENTRIES.flatMap((entry) => [`dist/browser/${entry}.js`, `dist/browser/${entry}.cjs`])
      )
    );
    const bare = new Set<string>();
    for (const file of browserFiles) {
      const imports = importsOf(readFileSync(file, 'utf8')).filter((name) => !name.startsWith('.'));
      expect(
        imports.filter((name) => NODE_ONLY.includes(name.replace(/^node:/, '')) || name.startsWith('node:'))
      ).toEqual([]);
      for (const name of imports) bare.add(name);
    }
    expect([...bare].sort()).toEqual(['idb', 'immer', 'io-ts', 'reconnecting-websocket', 'rxjs']);
    const nodeBuild = filesUnder(join(root, 'dist/chunks'), (name) => name.endsWith('.js')).flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
    );
    expect(nodeBuild).toContain('ws');
  });

  it('builds rx-conversations/cache on the client’s shared modules, not a copy of them', () => {
    for (const file of ['dist/cache.js', 'dist/browser/cache.js']) {
      const code = readFileSync(join(root, file), 'utf8');
      const bare = importsOf(code).filter((name) => !name.startsWith('./chunks/'));
      expect(bare).toContain('idb');
      expect(bare.filter((name) => !['idb', 'io-ts', 'rxjs'].includes(name))).toEqual([]);
      expect(code).not.toMatch(/class ConversationsError/);
    }
  });

  it('builds rx-conversations/angular on the package itself and Angular, which no other entry imports', () => {
    for (const file of ['dist/angular.js', 'dist/angular.cjs', 'dist/angular.d.ts']) {
      const imports = importsOf(readFileSync(join(root, file), 'utf8'));
      expect(imports.filter((name) => !name.startsWith('@angular/')).sort()).toEqual(['rx-conversations', 'rxjs']);
      expect(imports).toContain('@angular/core');
    }
    for (const file of [
      'dist/index.js',
      'dist/index.cjs',
      'dist/browser/index.js',
      'dist/browser/index.cjs',
      'dist/index.d.ts'
    ]) {
      expect(importsOf(readFileSync(join(root, file), 'utf8')).filter((name) => name.startsWith('@angular/'))).toEqual(
        []
      );
    }
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
      peerDependenciesMeta: Record<string, unknown>;
    };
    expect(pkg.exports['./angular']).toEqual({
      types: './dist/angular.d.ts',
      import: './dist/angular.js',
      require: './dist/angular.cjs'
    });
    expect(pkg.peerDependenciesMeta['@angular/core']).toEqual({ optional: true });
  });

  it.each([
    [
      'a reference-SDK application',
      'TypeScript 4.9',
      'spec/package/typescript-4.9/node_modules/typescript/bin/tsc',
      'out4',
      'app.ts'
    ],
    ['a reference-SDK application', 'TypeScript 5.x', 'node_modules/typescript/bin/tsc', 'out5', 'app.ts'],
    [
      'every subpath entry (typesVersions)',
      'TypeScript 4.9',
      'spec/package/typescript-4.9/node_modules/typescript/bin/tsc',
      'sub4',
      'subpaths.ts'
    ],
    ['every subpath entry (typesVersions)', 'TypeScript 5.x', 'node_modules/typescript/bin/tsc', 'sub5', 'subpaths.ts']
  ])(
    'compiles %s against the bundled types with %s, moduleResolution node',
    (_what, _name, tsc, out, file) => {
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
          files: [file]
        })
      );
      const result = spawnSync(process.execPath, [join(root, tsc), '-p', `tsconfig.${out}.json`], {
        cwd: work,
        encoding: 'utf8'
      });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
    120000
  );

  it('runs that application unchanged against the package and the real server', async () => {
    server = await startServer({ logger: { info() {}, warn() {}, error() {} } });
    const token = await server.issueToken('compat-user');
    const run = await new Promise<{ code: number | null; out: string; err: string }>((done) => {
      const child = spawn(process.execPath, [join(work, 'out5/app.js')], {
        cwd: work,
        env: { ...process.env, RXC_TOKEN: token }
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
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
    // the app shuts down after it logs done: the reference tells disconnecting, then disconnected
    expect(lines.slice(-3)).toEqual([
      'done:0:1:hello from a reference app:1:chat:default:compat-user:null',
      'state:disconnecting',
      'state:disconnected'
    ]);
  }, 60000);
});

/** Every file under `dir` whose name passes `match`. */
function filesUnder(dir: string, match: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, match);
    return match(entry.name) ? [path] : [];
  });
}

describe('a front-end install: the packed package without its optional peers', () => {
  let app: string;

  beforeAll(() => {
    app = mkdtempSync(join(tmpdir(), 'rxc-install-'));
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', app, '--loglevel=error'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60000
      })
    ) as { filename: string }[];
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'front-end-app', private: true }));
    // npm leaves optional peer dependencies out unless the app asks for them
    execFileSync(
      'npm',
      ['install', join(app, packed.filename), '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
      {
        cwd: app,
        stdio: 'inherit',
        timeout: 150000
      }
    );
  }, 180000);

  afterAll(() => {
    if (app) rmSync(app, { recursive: true, force: true });
  });

  it('declares the drivers (and Angular, for /angular) optional peers, which the repo installs as dev deps', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(pkg.peerDependencies).toEqual({ ...OPTIONAL_PACKAGES, '@angular/core': '^21.0.0 || ^22.0.0' });
    expect(pkg.peerDependenciesMeta['@angular/core']).toEqual({ optional: true });
    expect(existsSync(join(app, 'node_modules/@angular'))).toBe(false);
    for (const name of Object.keys(OPTIONAL_PACKAGES)) {
      expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
      expect(pkg.devDependencies[name]).toBe(OPTIONAL_PACKAGES[name as keyof typeof OPTIONAL_PACKAGES]);
      expect(pkg.dependencies[name]).toBeUndefined();
    }
  });

  it('installs no native module, no database driver and no NATS client', () => {
    const modules = join(app, 'node_modules');
    expect(existsSync(join(modules, 'rx-conversations/dist/server.js'))).toBe(true);
    for (const name of Object.keys(OPTIONAL_PACKAGES))
      expect([name, existsSync(join(modules, name))]).toEqual([name, false]);
    expect(filesUnder(modules, (name) => name.endsWith('.node') || name === 'binding.gyp')).toEqual([]);
  });

  /** The files esbuild takes into a browser bundle of `contents`, an app's module beside the installed package. */
  const bundledInputs = async (contents: string): Promise<string[]> => {
    const result = await build({
      stdin: { contents, resolveDir: app },
      absWorkingDir: app,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent'
    });
    return Object.keys(result.metafile.inputs);
  };

  it('bundles the browser entry for a browser app', async () => {
    const inputs = await bundledInputs("import { Client } from 'rx-conversations'; console.log(Client);");
    expect(inputs).toContain('node_modules/rx-conversations/dist/browser/index.js');
    expect(inputs.filter((input) => input.startsWith('node_modules/ws/'))).toEqual([]);
  });

  it('bundles rx-conversations/lean without the parts, and keeps a part an application imports', async () => {
    const bundled = async (contents: string) => {
      const parts = ['media', 'templates', 'push', 'receipts', 'emitter'];
      const inputs = await bundledInputs(contents);
      return parts.filter((name) => inputs.includes(`node_modules/rx-conversations/dist/browser/${name}.js`));
    };
    expect(await bundled("import { Client } from 'rx-conversations/lean'; console.log(Client);")).toEqual([]);
    // a part's entry is imported for what it registers: the package's sideEffects keep it
    expect(
      await bundled(
        "import { Client } from 'rx-conversations/lean'; import 'rx-conversations/media'; console.log(Client);"
      )
    ).toEqual(['media']);
    expect(await bundled("import { Client } from 'rx-conversations'; console.log(Client);")).toEqual([
      'media',
      'templates',
      'push',
      'receipts',
      'emitter'
    ]);
  });

  it('imports the server entry, whose start names the driver to install', () => {
    const script = `
      const { startServer, MissingPackageError } = await import('rx-conversations/server');
      const outcomes = [];
      for (const options of [{}, { database: 'postgres://nobody@127.0.0.1:1/none', mediaDirectory: 'media' }]) {
        await startServer(options).then(
          (server) => server.close().then(() => outcomes.push('started')),
          (error) => outcomes.push({
            missing: error instanceof MissingPackageError,
            packages: error.packages,
            message: error.message
          })
        );
      }
      console.log(JSON.stringify(outcomes));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: app,
      encoding: 'utf8',
      timeout: 30000
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([
      {
        missing: true,
        packages: ['better-sqlite3'],
        message:
          'SQLite storage (the default database) needs better-sqlite3, which is not installed: ' +
          'npm install better-sqlite3@^12.4.1'
      },
      {
        missing: true,
        packages: ['pg'],
        message: 'A PostgreSQL database needs pg, which is not installed: npm install pg@^8.23.1'
      }
    ]);
  });

  it('`rx-conversations serve` says exactly what to install', () => {
    const bin = join(app, 'node_modules/.bin/rx-conversations');
    const run = spawnSync(bin, ['serve', '--database', join(app, 'data/chat.db')], {
      cwd: app,
      encoding: 'utf8',
      timeout: 30000
    });
    expect(run.stderr).toBe(
      'rx-conversations: SQLite storage (the default database) needs better-sqlite3, which is not installed: ' +
        'npm install better-sqlite3@^12.4.1\n'
    );
    expect(run.status).toBe(2);
  });
});

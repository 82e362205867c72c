/**
 * bundle (issue 6, item 5; issue 15): two small browser applications, each bundled with every
 * dependency by esbuild (browser platform, ESM, es2022, NODE_ENV=production, minified; gzip level
 * 9; the platform's WebSocket, the module swap of the dist/browser build), beside
 * `@twilio/conversations` bundled the same way in the same run:
 *
 * - the complete one (bench/apps/complete-app.ts): an application written for the reference, on
 *   `rx-conversations` (emitter listeners, media, templates, push, receipt objects). Goal: ≤ 1/3 of
 *   the reference's gzip size.
 * - the lean one (bench/apps/lean-app.ts): a reactive application on `rx-conversations/lean` (the
 *   store and selectors, conversations, messages, participants, users, typing, read horizons).
 *   Goal: ≤ 1/5 of the reference's gzip size.
 *
 * Also reports what each is made of (from esbuild's metafile), what each dependency costs the lean
 * one (its gzip size with and without the package), and, beside them, the Angular entry
 * (lib/angular) on its own: what `rx-conversations/angular` adds to an Angular application that
 * already has the client, Angular and RxJS (those stay imports), as a ratio of the complete app.
 *
 * Run: `npx tsx bench/bundle.ts [--quick] [--composition]` (`--composition` prints every input of
 * the lean app).
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, type Metafile, type Plugin, build } from 'esbuild';
import { hasFlag } from './lib/measure';
import { printTable, record } from './lib/report';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The dist/browser build's swap: `…/websocket-impl` resolves to `…/websocket-impl.browser`. */
const browserWebSocket: Plugin = {
  name: 'browser-websocket',
  setup(b) {
    b.onResolve({ filter: /\/websocket-impl$/ }, async (args) => {
      const resolved = await b.resolve(`${args.path}.browser`, { resolveDir: args.resolveDir, kind: args.kind });
      return { path: resolved.path };
    });
  }
};

const COMMON: BuildOptions = {
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: true,
  write: false,
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'error',
  absWorkingDir: root
};

interface Bundle {
  minified: number;
  gzip: number;
  metafile: Metafile;
}

/** The published Angular entry's imports: the package's own client (`../client`), Angular and RxJS stay outside. */
const angularEntryImports: Plugin = {
  name: 'angular-entry-imports',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/client$/ }, (args) =>
      args.importer.includes('/lib/angular/') ? { path: 'rx-conversations', external: true } : undefined
    );
    b.onResolve({ filter: /^(@angular\/|rxjs)/ }, (args) => ({ path: args.path, external: true }));
  }
};

async function bundle(options: BuildOptions): Promise<Bundle> {
  const result = await build({ ...COMMON, ...options });
  const code = result.outputFiles?.[0]?.contents;
  if (!code) throw new Error('bundle: esbuild wrote nothing');
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length, metafile: result.metafile as Metafile };
}

/** Minified bytes per package (node_modules) or folder of lib/. */
export function composition(metafile: Metafile): [string, number][] {
  const parts = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const pkg = path.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
      const key = pkg ? pkg[1] : (path.match(/^(lib\/[^/]+\/[^/.]+)/)?.[1] ?? path);
      parts.set(key, (parts.get(key) ?? 0) + input.bytesInOutput);
    }
  }
  return [...parts].sort((a, b) => b[1] - a[1]);
}

/** What the lean app's gzip size drops by when a dependency is left out (imported, not bundled). */
async function dependencyCosts(entry: string, gzip: number): Promise<[string, number][]> {
  const groups = [['io-ts', 'fp-ts'], ['rxjs', 'tslib'], ['immer'], ['reconnecting-websocket']];
  const costs: [string, number][] = [];
  for (const packages of groups) {
    const without = await bundle({ entryPoints: [entry], plugins: [browserWebSocket], external: packages });
    costs.push([packages.join('+'), gzip - without.gzip]);
  }
  return costs;
}

async function main(): Promise<void> {
  const reference = await bundle({
    stdin: { contents: "export * from '@twilio/conversations';", resolveDir: root, loader: 'js' }
  });
  const version = (await import('@twilio/conversations/package.json', { with: { type: 'json' } })).default.version;
  const apps = [
    { app: 'complete', entry: 'bench/apps/complete-app.ts', imports: 'rx-conversations', share: 3 },
    { app: 'lean', entry: 'bench/apps/lean-app.ts', imports: 'rx-conversations/lean', share: 5 }
  ];
  let complete: Bundle | undefined;
  for (const { app, entry, imports, share: fraction } of apps) {
    const library = await bundle({ entryPoints: [entry], plugins: [browserWebSocket] });
    complete ??= library;
    const parts = composition(library.metafile);
    const share = (prefix: (name: string) => boolean) =>
      parts.filter(([name]) => prefix(name)).reduce((sum, [, bytes]) => sum + bytes, 0);
    const own = share((name) => name.startsWith('lib/'));
    record({
      benchmark: 'bundle',
      params: {
        measure: 'gzip',
        app,
        imports,
        reference: `@twilio/conversations ${version}`,
        tool: 'esbuild, browser, minified, gzip -9'
      },
      value: library.gzip,
      unit: 'B',
      floor: reference.gzip,
      goal: `≤ 1/${fraction} of the reference`,
      met: library.gzip <= reference.gzip / fraction
    });
    record({
      benchmark: 'bundle',
      params: { measure: 'minified', app, reference: `@twilio/conversations ${version}` },
      value: library.minified,
      unit: 'B',
      floor: reference.minified
    });
    record({
      benchmark: 'bundle',
      params: {
        measure: 'composition (minified)',
        app,
        ownCode: own,
        dependencies: library.minified - own,
        parts: parts
          .slice(0, 12)
          .map(([name, bytes]) => `${name} ${bytes}`)
          .join('; ')
      },
      value: own,
      unit: 'B (lib/)',
      floor: library.minified
    });
    if (app === 'lean') {
      const costs = await dependencyCosts(entry, library.gzip);
      record({
        benchmark: 'bundle',
        params: {
          measure: 'dependencies (gzip they add)',
          app,
          packages: costs.map(([name, bytes]) => `${name} ${bytes}`).join('; ')
        },
        value: costs.reduce((sum, [, bytes]) => sum + bytes, 0),
        unit: 'B',
        floor: library.gzip
      });
      if (hasFlag('--composition'))
        for (const [name, bytes] of parts) console.error(`${String(bytes).padStart(8)}  ${name}`);
    }
  }
  const angular = await bundle({ entryPoints: ['lib/angular/index.ts'], plugins: [angularEntryImports] });
  record({
    benchmark: 'bundle',
    params: { measure: 'gzip', entry: 'rx-conversations/angular (own code; client, Angular, RxJS external)' },
    value: angular.gzip,
    unit: 'B',
    floor: complete?.gzip ?? null
  });
  printTable();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

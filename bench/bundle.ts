/**
 * bundle (issue 6, item 5): the browser client — lib/client/index.ts with the platform's WebSocket
 * (the module swap of the dist/browser build) — bundled with every dependency, minified and
 * gzipped, beside `@twilio/conversations` bundled the same way in the same run (esbuild, browser
 * platform, ESM, es2022, NODE_ENV=production, minified; gzip level 9). Goal: ≤ 1/5 of the
 * reference's gzip size. Also reports what the bundle is made of (from esbuild's metafile), so
 * that growth is seen where it happens. Beside it, the Angular entry (lib/angular) on its own:
 * what `rx-conversations/angular` adds to an Angular application that already has the client,
 * Angular and RxJS (those stay imports), as a ratio of the browser client.
 *
 * Run: `npx tsx bench/bundle.ts [--quick] [--composition]` (`--composition` prints every input).
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

async function main(): Promise<void> {
  const library = await bundle({ entryPoints: ['lib/client/index.ts'], plugins: [browserWebSocket] });
  const reference = await bundle({
    stdin: { contents: "export * from '@twilio/conversations';", resolveDir: root, loader: 'js' }
  });
  const version = (await import('@twilio/conversations/package.json', { with: { type: 'json' } })).default.version;
  const parts = composition(library.metafile);
  const share = (prefix: (name: string) => boolean) =>
    parts.filter(([name]) => prefix(name)).reduce((sum, [, bytes]) => sum + bytes, 0);
  const own = share((name) => name.startsWith('lib/'));
  const deps = library.minified - own;
  record({
    benchmark: 'bundle',
    params: {
      measure: 'gzip',
      reference: `@twilio/conversations ${version}`,
      tool: 'esbuild, browser, minified, gzip -9'
    },
    value: library.gzip,
    unit: 'B',
    floor: reference.gzip,
    goal: '≤ 1/5 of the reference',
    met: library.gzip <= reference.gzip / 5
  });
  record({
    benchmark: 'bundle',
    params: { measure: 'minified', reference: `@twilio/conversations ${version}` },
    value: library.minified,
    unit: 'B',
    floor: reference.minified
  });
  record({
    benchmark: 'bundle',
    params: {
      measure: 'composition (minified)',
      ownCode: own,
      dependencies: deps,
      parts: parts
        .slice(0, 12)
        .map(([name, bytes]) => `${name} ${bytes}`)
        .join('; ')
    },
    value: own,
    unit: 'B (lib/)',
    floor: library.minified
  });
  const angular = await bundle({ entryPoints: ['lib/angular/index.ts'], plugins: [angularEntryImports] });
  record({
    benchmark: 'bundle',
    params: { measure: 'gzip', entry: 'rx-conversations/angular (own code; client, Angular, RxJS external)' },
    value: angular.gzip,
    unit: 'B',
    floor: library.gzip
  });
  if (hasFlag('--composition'))
    for (const [name, bytes] of parts) console.error(`${String(bytes).padStart(8)}  ${name}`);
  printTable();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

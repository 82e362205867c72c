// Builds ESM + CJS bundles and bundled .d.ts for the client's entries (node and browser variants,
// the cache among them), the server and the CLI. Dependencies stay external: consumers' bundlers resolve them.
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';
import esbuild from 'rollup-plugin-esbuild';
import dts from 'rollup-plugin-dts';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
// the optional peers (database drivers, NATS) are imported by the server when it needs them
const dependencies = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
const external = (id) =>
  id.startsWith('node:') ||
  builtinModules.includes(id) ||
  dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));

/** The browser build swaps the WebSocket module for the platform's own, so no Node module is imported. */
const browserWebSocket = () => ({
  name: 'browser-websocket',
  async resolveId(source, importer, options) {
    if (!source.endsWith('/websocket-impl')) return null;
    const resolved = await this.resolve(`${source}.browser`, importer, { ...options, skipSelf: true });
    return resolved;
  }
});

/** Browsers have no `process`: the libraries in the demo page are built for production. */
const productionEnv = () => ({
  name: 'production-env',
  transform(code) {
    if (!code.includes('process.env.NODE_ENV')) return null;
    return { code: code.replaceAll('process.env.NODE_ENV', '"production"'), map: null };
  }
});

/**
 * The Angular entry imports the client's index (`../client`): in the package that is
 * `rx-conversations` itself, not a second copy of the client.
 */
const CLIENT_INDEX = fileURLToPath(new URL('./lib/client/index.ts', import.meta.url));
const clientAsPackage = () => ({
  name: 'client-as-package',
  async resolveId(source, importer, options) {
    if (source !== '../client' || !importer?.includes('/lib/angular/')) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved?.id.replace(/\.d\.ts$|\.ts$/, '') === CLIENT_INDEX.replace(/\.ts$/, '')
      ? { id: 'rx-conversations', external: true }
      : resolved;
  }
});
const angularExternal = (id) => external(id) || id === 'rx-conversations' || id.startsWith('@angular/');

/**
 * The client's entries, built together so that they share one copy of each module (chunks/): the
 * complete client, the lean core, the optional parts, which register themselves with the core
 * when imported (package.json lists their files in `sideEffects`), and the cache.
 */
const CLIENT_ENTRIES = {
  index: 'lib/client/index.ts',
  lean: 'lib/client/lean.ts',
  media: 'lib/client/media/index.ts',
  templates: 'lib/client/content/index.ts',
  push: 'lib/client/push/index.ts',
  receipts: 'lib/client/receipts/index.ts',
  emitter: 'lib/client/emitter/index.ts',
  // the persistent cache and the tab model: an application without a cache bundles none of it, and
  // one with it shares the client's modules (one ConversationsError, one Store type)
  cache: 'lib/cache/index.ts'
};
const clientOutputs = (dir) => [
  { dir, format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/client-[hash].js' },
  {
    dir,
    format: 'cjs',
    sourcemap: true,
    exports: 'named',
    entryFileNames: '[name].cjs',
    chunkFileNames: 'chunks/client-[hash].cjs'
  }
];

const ts = (target) => esbuild({ target, tsconfig: 'tsconfig.json', sourceMap: true });
const onwarn = (warning, warn) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

export default [
  {
    input: CLIENT_ENTRIES,
    external,
    onwarn,
    plugins: [ts('es2022')],
    output: clientOutputs('dist')
  },
  {
    input: CLIENT_ENTRIES,
    external,
    onwarn,
    plugins: [browserWebSocket(), ts('es2022')],
    output: clientOutputs('dist/browser')
  },
  {
    input: 'lib/server/index.ts',
    external,
    onwarn,
    plugins: [ts('node20')],
    output: [
      { file: 'dist/server.js', format: 'es', sourcemap: true },
      { file: 'dist/server.cjs', format: 'cjs', sourcemap: true, exports: 'named' }
    ]
  },
  {
    input: 'lib/cli/index.ts',
    external,
    onwarn,
    plugins: [ts('node20')],
    // one file: the demo, imported lazily by the CLI, is inlined
    output: {
      file: 'dist/cli.js',
      format: 'es',
      sourcemap: true,
      banner: '#!/usr/bin/env node',
      inlineDynamicImports: true
    }
  },
  {
    // the demo dashboard's page: the browser client and its dependencies in one script
    input: 'lib/demo/page/main.ts',
    onwarn,
    plugins: [browserWebSocket(), nodeResolve({ browser: true }), commonjs(), productionEnv(), ts('es2022')],
    output: { file: 'dist/demo/page.js', format: 'es', sourcemap: true }
  },
  {
    // rx-conversations/angular: @angular/core is an optional peer, the client is the package's own entry
    input: 'lib/angular/index.ts',
    external: angularExternal,
    onwarn,
    plugins: [clientAsPackage(), ts('es2022')],
    output: [
      { file: 'dist/angular.js', format: 'es', sourcemap: true },
      { file: 'dist/angular.cjs', format: 'cjs', sourcemap: true, exports: 'named' }
    ]
  },
  {
    input: CLIENT_ENTRIES,
    external,
    plugins: [dts({ tsconfig: 'tsconfig.json' })],
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'chunks/client-[hash].d.ts' }
  },
  {
    input: 'lib/angular/index.ts',
    external: angularExternal,
    plugins: [clientAsPackage(), dts({ tsconfig: 'tsconfig.json' })],
    output: { file: 'dist/angular.d.ts', format: 'es' }
  },
  {
    input: 'lib/server/index.ts',
    external,
    plugins: [dts({ tsconfig: 'tsconfig.json' })],
    output: { file: 'dist/server.d.ts', format: 'es' }
  }
];

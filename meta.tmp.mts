import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const entry = process.argv[2] ?? 'lib/client/index.ts';
const r = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', target: 'es2022', minify: true, write: false, metafile: true, define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'error',
  plugins: [{ name: 'ws', setup(b) { b.onResolve({ filter: /\/websocket-impl$/ }, async (a) => ({ path: (await b.resolve(a.path + '.browser', { resolveDir: a.resolveDir, kind: a.kind })).path })); } }] });
const code = r.outputFiles[0].contents;
console.log('min', code.length, 'gzip', gzipSync(code, { level: 9 }).length);
const rows = [];
for (const o of Object.values(r.metafile.outputs)) for (const [p, i] of Object.entries(o.inputs)) rows.push([i.bytesInOutput, p]);
rows.sort((a, b) => b[0] - a[0]);
for (const [b, p] of rows.slice(0, Number(process.argv[3] ?? 200))) console.log(String(b).padStart(7), p);

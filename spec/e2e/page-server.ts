import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { build } from 'esbuild';

/**
 * The published browser build served to Chromium the way a bundler-less app loads it: the files
 * under dist/browser (the entries, the cache among them, and the chunks they share), each dependency
 * as an ES module under /vendor/, and an import map naming them. Used by the browser suites and
 * bench/browser-cold-start.ts. Every file is served as a production server serves an app's files:
 * with an ETag and `Cache-Control: no-cache`, so the browser keeps it and revalidates it on each load
 * (a 304 when unchanged) — a page loaded again gets its scripts from the HTTP cache, as a returning
 * visitor does, and with them V8's code cache, which Chromium keys on the cached response.
 */

/** The client's dependencies, each bundled for browsers as one ES module. */
const DEPENDENCIES: Record<string, string> = {
  rxjs: "export * from 'rxjs';",
  immer: "export * from 'immer';",
  'io-ts': "export * from 'io-ts';",
  idb: "export * from 'idb';",
  'reconnecting-websocket': "export { default } from 'reconnecting-websocket'; export * from 'reconnecting-websocket';"
};

/** The import map of the published entries and their dependencies, as a `<script>` element. */
export const IMPORT_MAP = `<script type="importmap">${JSON.stringify({
  imports: {
    'rx-conversations': '/dist/browser/index.js',
    'rx-conversations/lean': '/dist/browser/lean.js',
    'rx-conversations/cache': '/dist/browser/cache.js',
    ...Object.fromEntries(Object.keys(DEPENDENCIES).map((name) => [name, `/vendor/${name}.js`]))
  }
})}</script>`;

/** A running page server: its origin (`http://127.0.0.1:<port>`) and how to stop it. */
export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves the build of the repository at `root` and `pages` (a path → its HTML, or its script when
 * the path ends in `.js`) on 127.0.0.1 at a free port; anything else is a 404.
 */
export async function servePages(
  root: string,
  pages: ReadonlyMap<string, string>,
  options: { minify?: boolean } = {}
): Promise<PageServer> {
  const files = filesUnder(join(root, 'dist/browser'));
  const scripts = new Map(files.map((file) => [`/${relative(root, file)}`, readFileSync(file, 'utf8')]));
  for (const [name, contents] of Object.entries(DEPENDENCIES)) {
    const result = await build({
      stdin: { contents, resolveDir: root, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      minify: options.minify === true,
      write: false,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"' }
    });
    scripts.set(`/vendor/${name}.js`, result.outputFiles[0].text);
  }
  const served = new Map([...scripts, ...pages]);
  const etags = new Map(
    [...served].map(([path, text]) => [path, `"${createHash('sha1').update(text).digest('base64url')}"`])
  );
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const text = served.get(path);
    const etag = etags.get(path);
    if (text === undefined || etag === undefined) return void res.writeHead(404).end();
    const headers = {
      'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/html',
      // as a production server serves an app: kept by the browser, revalidated on each load
      'cache-control': 'no-cache',
      etag
    };
    if (req.headers['if-none-match'] === etag) res.writeHead(304, headers).end();
    else res.writeHead(200, headers).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]
  );
}

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, requireBuilt } from './browser';

// examples/angular is compiled against the package as published by spec/e2e/angular-app.spec.ts

/** The published types show the reference's surface and the reactive one, nothing internal. */
it("the client's .d.ts (every entry and the chunks they share) declare no internal member", () => {
  const entries = ['index', 'lean', 'media', 'templates', 'push', 'receipts', 'emitter'].map(
    (name) => `dist/${name}.d.ts`
  );
  requireBuilt(...entries);
  const chunks = readdirSync(join(ROOT, 'dist/chunks'))
    .filter((name) => name.endsWith('.d.ts'))
    .map((name) => `dist/chunks/${name}`);
  const types = [...entries, ...chunks].map((file) => readFileSync(join(ROOT, file), 'utf8')).join('\n');
  const underscored = [...types.matchAll(/^\s+(?:get |readonly |static )*(_\w+)\s*[(:<?]/gm)].map((match) => match[1]);
  expect([...new Set(underscored)]).toEqual(['_participants']);
  expect(types).not.toMatch(/@internal/);
  expect(types).not.toMatch(/\bModelContext\b|\bRegistry\b|\bEventStreams\b|\bSession\b/);
  // the lean entry declares the one Client, and a part's entry only what the part adds
  expect(readFileSync(join(ROOT, 'dist/lean.d.ts'), 'utf8')).toMatch(/\bClient\b/);
  expect(readFileSync(join(ROOT, 'dist/media.d.ts'), 'utf8')).not.toMatch(/\bClient\b/);
});

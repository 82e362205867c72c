import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, requireBuilt } from './browser';

// examples/angular is compiled against the package as published by spec/e2e/angular-app.spec.ts

/** The published types show the reference's surface and the reactive one, nothing internal. */
it('dist/index.d.ts declares no internal member (no underscore but _participants, no @internal)', () => {
  requireBuilt('dist/index.d.ts');
  const types = readFileSync(join(ROOT, 'dist/index.d.ts'), 'utf8');
  const underscored = [...types.matchAll(/^\s+(?:get |readonly |static )*(_\w+)\s*[(:<?]/gm)].map((match) => match[1]);
  expect([...new Set(underscored)]).toEqual(['_participants']);
  expect(types).not.toMatch(/@internal/);
  expect(types).not.toMatch(/\bModelContext\b|\bRegistry\b|\bEventStreams\b|\bSession\b/);
});

import { join, relative, resolve } from 'node:path';
import { circles, importsOf, sources } from '../helpers/imports';

const ROOT = resolve(__dirname, '../..');
const SERVER = join(ROOT, 'lib/server');

describe('lib/server architecture', () => {
  it('finds circles, type-only ones included, and nothing else', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']]
    ]);
    expect(circles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
    const file = join(SERVER, 'domain/context.ts');
    expect(importsOf(file)).toContain(join(SERVER, 'storage/storage.ts')); // an `import type`
  });

  it('has no import circles, types included', () => {
    const files = sources(SERVER);
    const graph = new Map(files.map((file) => [file, importsOf(file)]));
    const found = circles(graph).map((component) => component.map((file) => relative(ROOT, file)));
    expect(found).toEqual([]);
  });
});

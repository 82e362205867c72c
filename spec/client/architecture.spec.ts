import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { circles, importGraph } from '../helpers/imports';

const ROOT = resolve(__dirname, '../..');
const CLIENT = join(ROOT, 'lib/client');
const graph = importGraph(CLIENT);
const at = (path: string) => join(CLIENT, path);
const importers = (target: string) =>
  [...graph].filter(([, imports]) => imports.includes(target)).map(([file]) => relative(CLIENT, file));

describe('lib/client architecture: dependencies point one way, down', () => {
  it('has no import circle, types included, but among the model classes (which name each other)', () => {
    const found = circles(graph).map((component) => component.map((file) => relative(CLIENT, file)));
    const outsideModels = found.filter((component) => component.some((file) => !file.startsWith('model/')));
    expect(outsideModels).toEqual([]);
    // the model classes' context names none of them
    expect(graph.get(at('model/context.ts'))?.filter((file) => file.includes('/model/'))).toEqual([]);
  });

  it('keeps the core to wiring: no Client below the client, nothing below calling up', () => {
    expect(importers(at('client.ts')).sort()).toEqual(['lean.ts']);
    expect(readFileSync(at('core.ts'), 'utf8').split('\n').length).toBeLessThan(150);
    const below = (folder: string, forbidden: string[]) =>
      [...graph]
        .filter(([file]) => relative(CLIENT, file).startsWith(folder))
        .flatMap(([file, imports]) =>
          imports
            .filter((target) => forbidden.some((f) => relative(CLIENT, target).startsWith(f)))
            .map((target) => `${relative(CLIENT, file)} → ${relative(CLIENT, target)}`)
        );
    expect(below('transport/', ['store/', 'model/', 'session/', 'events/', 'client', 'core'])).toEqual([]);
    expect(
      below('store/', [
        'model/',
        'session/',
        'events/',
        'transport/connection.ts',
        'transport/requests.ts',
        'client',
        'core'
      ])
    ).toEqual([]);
    // the session implements the models' context (an interface), and knows no model class
    expect(below('session/', ['model/', 'events/evented', 'events/event-streams', 'client', 'core'])).toEqual([
      'session/session.ts → model/context.ts'
    ]);
    expect(below('events/', ['session/', 'client', 'core'])).toEqual([]);
  });
});

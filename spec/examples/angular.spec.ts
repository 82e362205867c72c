import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { sources } from '../helpers/imports';

/**
 * examples/angular is an app of its own: its lockfile, its Angular major, this package installed
 * from `npm pack`. `npm run test:e2e` installs, builds and drives it (spec/e2e/angular-app.spec.ts);
 * these checks catch what would break that install early, and typecheck.spec.ts compiles it.
 */
const ROOT = resolve(__dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/angular');

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  engines?: Record<string, string>;
}
interface Lock {
  packages: Record<string, Manifest & { version?: string }>;
}

const json = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const pkg = json<Manifest>(join(ROOT, 'package.json'));
const example = json<Manifest>(join(EXAMPLE, 'package.json'));
const lock = json<Lock>(join(EXAMPLE, 'package-lock.json'));
const locked = (name: string): string => lock.packages[`node_modules/${name}`]?.version ?? 'missing';
const versionOf = (text: string): number[] => text.replace(/^v/, '').split('.').map(Number);

/** Whether `version` satisfies `range`, for the forms npm ranges of these packages use: ^x.y.z, >=x.y.z, ||. */
function satisfies(version: string, range: string): boolean {
  const [major, minor, patch] = versionOf(version);
  const atLeast = (v: number[]) => major - v[0] || minor - v[1] || patch - v[2];
  return range.split('||').some((part) => {
    const text = part.trim();
    if (text.startsWith('>=')) return atLeast(versionOf(text.slice(2))) >= 0;
    if (text.startsWith('^')) {
      const v = versionOf(text.slice(1));
      return major === v[0] && atLeast(v) >= 0;
    }
    throw new Error(`a range this check does not read: ${text}`);
  });
}

describe('examples/angular', () => {
  it('uses an Angular the package accepts as its peer, one version for every @angular package', () => {
    const angular = Object.keys(lock.packages)
      .filter((path) => /^node_modules\/@angular\/(core|common|compiler|platform-browser)$/.test(path))
      .map((path) => lock.packages[path].version);
    expect(angular).toHaveLength(4);
    expect(new Set(angular).size).toBe(1);
    expect(satisfies(locked('@angular/core'), pkg.peerDependencies!['@angular/core'])).toBe(true);
    expect(satisfies(locked('rxjs'), json<Manifest>(join(ROOT, 'package.json')).dependencies!.rxjs)).toBe(true);
  });

  it("builds on this machine's Node: its builder's engines accept it", () => {
    for (const name of ['@angular/build', '@angular/compiler-cli', '@angular/core']) {
      const engines = lock.packages[`node_modules/${name}`].engines!.node;
      expect({ name, node: process.version, fits: satisfies(process.version, engines) }).toEqual({
        name,
        node: process.version,
        fits: true
      });
    }
  });

  it('gets rx-conversations only from the packed repository, and its lockfile matches its package.json', () => {
    const all = { ...example.dependencies, ...example.devDependencies };
    expect(Object.keys(all)).not.toContain('rx-conversations');
    expect(Object.keys(lock.packages).filter((path) => path.includes('rx-conversations'))).toEqual([]);
    expect(lock.packages['']).toMatchObject({
      dependencies: example.dependencies,
      devDependencies: example.devDependencies
    });
  });

  it('imports the package by its public entries only, and nothing from outside its folder', () => {
    const imported = new Set<string>();
    for (const file of sources(join(EXAMPLE, 'src'))) {
      for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
        if (fileName.startsWith('.')) expect(resolve(file, '..', fileName).startsWith(EXAMPLE)).toBe(true);
        else
          imported.add(
            fileName
              .split('/')
              .slice(0, fileName.startsWith('@') ? 2 : 1)
              .join('/')
          );
      }
      expect(readFileSync(file, 'utf8')).not.toMatch(/rx-conversations\/(dist|lib)/);
    }
    const runtime = [...imported].filter((name) => name !== 'rx-conversations').sort();
    expect(runtime.every((name) => example.dependencies![name] !== undefined)).toBe(true);
    expect(imported.has('rx-conversations')).toBe(true);
  });
});

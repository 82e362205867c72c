/**
 * The server's heavy drivers are optional peer dependencies: a front-end app that installs the
 * package for its client gets no native module and no database driver. The server imports each
 * when a configuration needs it, and names what to install when it is missing.
 */

/** Each optional package with the range package.json's peerDependencies gives it (spec/package checks they agree). */
export const OPTIONAL_PACKAGES = {
  'better-sqlite3': '^12.4.1',
  pg: '^8.23.1',
  '@nats-io/jetstream': '^3.4.0',
  '@nats-io/transport-node': '^3.4.0'
} as const;

/** The name of an optional package. */
export type OptionalPackage = keyof typeof OPTIONAL_PACKAGES;

/**
 * Thrown when what the server was asked to do needs packages that are not installed; its message says how to install
 * them.
 */
export class MissingPackageError extends Error {
  override readonly name = 'MissingPackageError';

  constructor(
    /** What needs them, as a sentence starts: `A PostgreSQL database`, `The NATS bus`. */
    readonly feature: string,
    /** The packages to install. */
    readonly packages: readonly OptionalPackage[]
  ) {
    const install = packages.map((name) => `${name}@${OPTIONAL_PACKAGES[name]}`).join(' ');
    super(
      `${feature} needs ${packages.join(' and ')}, which ${packages.length > 1 ? 'are' : 'is'} not installed: ` +
        `npm install ${install}`
    );
  }
}

/** One package to import: its name, and the `import()` of it (a literal, so that its types are known). */
type Import<T> = readonly [name: OptionalPackage, load: () => Promise<T>];

/** Whether `error` says that the package `name` itself cannot be found (not a module it imports). */
function isMissing(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String(message).includes(`'${name}'`);
}

/** Imports the packages `feature` needs; when some are missing, one {@link MissingPackageError} names them all. */
export async function importPackages<T extends readonly unknown[]>(
  feature: string,
  ...imports: { [K in keyof T]: Import<T[K]> }
): Promise<T> {
  const settled = await Promise.allSettled(imports.map(([, load]) => load()));
  const missing = imports.filter(([name], i) => {
    const outcome = settled[i];
    return outcome.status === 'rejected' && isMissing(outcome.reason, name);
  });
  if (missing.length > 0)
    throw new MissingPackageError(
      feature,
      missing.map(([name]) => name)
    );
  return settled.map((outcome) => {
    if (outcome.status === 'rejected') throw outcome.reason;
    return outcome.value;
  }) as unknown as T;
}

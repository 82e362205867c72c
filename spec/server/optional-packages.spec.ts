import { MissingPackageError, importPackages } from '../../lib/server/optional-packages';

/** What Node's loader throws for a module it cannot find. */
const notFound = (name: string) => () =>
  Promise.reject(
    Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- /app/index.js`), {
      code: 'MODULE_NOT_FOUND'
    })
  );

describe('optional packages', () => {
  it('imports what is installed', async () => {
    const [pg] = await importPackages('A PostgreSQL database', ['pg', () => import('pg')]);
    expect(typeof pg.default.Pool).toBe('function');
  });

  it('names every missing package of a feature in one error, with the command that installs them', async () => {
    const failure = importPackages(
      'The NATS bus',
      ['@nats-io/transport-node', notFound('@nats-io/transport-node')],
      ['@nats-io/jetstream', notFound('@nats-io/jetstream')]
    );
    await expect(failure).rejects.toBeInstanceOf(MissingPackageError);
    await expect(failure).rejects.toMatchObject({
      packages: ['@nats-io/transport-node', '@nats-io/jetstream'],
      message:
        'The NATS bus needs @nats-io/transport-node and @nats-io/jetstream, which are not installed: ' +
        'npm install @nats-io/transport-node@^3.4.0 @nats-io/jetstream@^3.4.0'
    });
    await expect(
      importPackages(
        'The NATS bus',
        ['@nats-io/transport-node', () => import('@nats-io/transport-node')],
        ['@nats-io/jetstream', notFound('@nats-io/jetstream')]
      )
    ).rejects.toMatchObject({ packages: ['@nats-io/jetstream'] });
  });

  it('passes on a failure that is not the package missing (a module it imports, a broken install)', async () => {
    await expect(importPackages('A PostgreSQL database', ['pg', notFound('pg-types')])).rejects.toThrow(
      "Cannot find module 'pg-types'"
    );
    await expect(
      importPackages('A PostgreSQL database', ['pg', () => Promise.reject(new Error('bad build'))])
    ).rejects.toThrow('bad build');
  });
});

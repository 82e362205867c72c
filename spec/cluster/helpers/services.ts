import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';

/** The PostgreSQL server the cluster suite uses (trust auth on this machine). */
export const POSTGRES_URL = process.env.RXC_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The NATS server (with JetStream) the cluster suite uses. */
export const NATS_URL = process.env.RXC_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** `url` with its database (path) replaced. */
function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A database created for one test file: `url` to connect, `schemaUrl()` for a fresh empty schema in
 * it, `drop()` after.
 */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** The database's URL with a new, empty schema first on the search path. */
  schemaUrl(): Promise<string>;
  drop(): Promise<void>;
}

/**
 * Creates a fresh database on {@link POSTGRES_URL}. Fails loudly when PostgreSQL cannot be
 * reached: the cluster suite never skips.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${POSTGRES_URL} (set RXC_TEST_POSTGRES_URL): ${String(error)}`, {
      cause: error
    });
  }
  const name = `rxc_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(POSTGRES_URL, name);
  let schemas = 0;
  return {
    name,
    url,
    async schemaUrl() {
      const schema = `s${++schemas}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.end();
      const u = new URL(url);
      u.searchParams.set('options', `-c search_path=${schema}`);
      return u.toString();
    },
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    }
  };
}

/** Deletes the JetStream stream of the service with this bus prefix. */
export async function deleteNatsStream(prefix: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    await (await jetstreamManager(nc)).streams.delete(`${prefix}-events`).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

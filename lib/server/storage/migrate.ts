import { type EngineMigrations, migrationsAfter } from './schema-versions';
import type { SqlDriver } from './sql-driver';

/**
 * Brings a database's schema to the latest version, the same way on every engine: the versions
 * applied are recorded in `schema_migrations`, and each missing migration runs in a transaction of
 * its own with its record. Refuses a database written by a newer server. The caller keeps other
 * processes from migrating the same database meanwhile (PostgreSQL: an advisory lock).
 */
export async function migrate(db: SqlDriver, migrations: EngineMigrations, now = Date.now()): Promise<void> {
  await db.run('createSchemaMigrations');
  const current = (await db.one<{ version: number | null }>('schemaVersion'))?.version ?? 0;
  for (const index of migrationsAfter(current)) {
    await db.exec('BEGIN');
    try {
      await db.exec(migrations[index]);
      await db.run('recordSchemaVersion', [index + 1, now]);
      await db.exec('COMMIT');
    } catch (error) {
      try {
        await db.exec('ROLLBACK');
      } catch {
        // the failed statement ended the transaction already
      }
      throw error;
    }
  }
}

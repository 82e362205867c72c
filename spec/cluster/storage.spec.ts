import { openPostgresStorage } from '../../lib/server/storage/postgres/pg-storage';
import { openSqliteStorage } from '../../lib/server/storage/sqlite/sqlite-storage';
import { storageContract } from '../server/storage/storage-contract';
import { type TestDatabase, createTestDatabase } from './helpers/services';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

// The same contract, against both engines.
storageContract('SQLite', () => openSqliteStorage({ path: ':memory:' }));
storageContract('PostgreSQL', async () => openPostgresStorage({ url: await database.schemaUrl() }));

import { MIGRATIONS } from '../../../lib/server/storage/sqlite/migrations';
import { POSTGRES_MIGRATIONS } from '../../../lib/server/storage/postgres/migrations';
import { SCHEMA_VERSIONS, migrationsAfter } from '../../../lib/server/storage/schema-versions';

describe('schema versions', () => {
  it('every engine has one migration per version', () => {
    expect(MIGRATIONS).toHaveLength(SCHEMA_VERSIONS.length);
    expect(POSTGRES_MIGRATIONS).toHaveLength(SCHEMA_VERSIONS.length);
  });

  it('lists the migrations a database lacks, and refuses one from a newer server', () => {
    expect(migrationsAfter(0)).toEqual(SCHEMA_VERSIONS.map((_, i) => i));
    expect(migrationsAfter(SCHEMA_VERSIONS.length)).toEqual([]);
    expect(() => migrationsAfter(SCHEMA_VERSIONS.length + 1)).toThrow(/newer/);
  });
});

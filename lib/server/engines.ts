import { type NatsBus, connectNatsBus } from './bus/nats-bus';
import { createLocalBus } from './bus/local-bus';
import type { Bus } from './bus/bus';
import type { ResolvedOptions } from './options';
import { openPostgresStorage } from './storage/postgres/pg-storage';
import { openSqliteStorage } from './storage/sqlite/sqlite-storage';
import type { Storage } from './storage/storage';

/** Whether `database` is a PostgreSQL URL (`postgres://…`, `postgresql://…`) rather than an SQLite file. */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

/** Opens the configured storage: PostgreSQL for a URL, else SQLite (a file path or `:memory:`). */
export function openStorage(options: ResolvedOptions, onAfterCommitError: (error: unknown) => void): Promise<Storage> {
  if (isPostgresUrl(options.database)) {
    return openPostgresStorage({ url: options.database, poolSize: options.databasePoolSize, onAfterCommitError });
  }
  return openSqliteStorage({ path: options.database, durability: options.durability, onAfterCommitError });
}

/** Connects the configured bus: `local` (in process), or NATS JetStream for a `nats://` URL. */
export async function openBus(
  options: ResolvedOptions,
  nodeId: string,
  onError: (error: unknown) => void
): Promise<Bus | NatsBus> {
  if (options.bus === 'local') return createLocalBus(onError);
  if (!/^nats:\/\//i.test(options.bus)) throw new Error(`bus must be 'local' or a nats:// URL, not '${options.bus}'`);
  return connectNatsBus({ url: options.bus, prefix: options.busPrefix, nodeId, onError });
}

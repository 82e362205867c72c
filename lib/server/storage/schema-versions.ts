/**
 * The versions of the storage schema, oldest first. Every engine keeps one migration per entry,
 * in this order, in its own SQL dialect (`sqlite/migrations.ts`, `postgres/migrations.ts`), applied
 * by `migrate()`: a database at version `n` has had the first `n` applied. Append; never edit a
 * released one.
 */
export const SCHEMA_VERSIONS = [
  'users, conversations, participants, messages, memberships, the event log, push registrations',
  "covering indexes for a user's conversation list",
  'media, content templates, delivery times, message content variables',
  "API keys, roles and users' service roles, webhooks, the webhook outbox and its delivery log",
  "reactions, replies and mentions of messages, and the full-text index of messages' bodies",
  'events numbered once committed (PostgreSQL): a provisional id per event, its seq given by the log numbering',
  "the full-text index's changes applied once per commit (SQLite); replies found by their parent's sid"
] as const;

/** One migration per schema version, in a given engine's dialect: the compiler checks the count. */
export type EngineMigrations = OnePerVersion<typeof SCHEMA_VERSIONS>;
type OnePerVersion<T extends readonly unknown[]> = { readonly [K in keyof T]: string };

/**
 * The indexes (0-based) of the migrations a database at `current` still needs. Refuses a
 * database written by a newer server.
 */
export function migrationsAfter(current: number): number[] {
  if (current > SCHEMA_VERSIONS.length) {
    throw new Error(`database schema version ${current} is newer than this server (${SCHEMA_VERSIONS.length})`);
  }
  const pending: number[] = [];
  for (let v = current; v < SCHEMA_VERSIONS.length; v++) pending.push(v);
  return pending;
}

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where the generated secret of a database is kept. */
export function secretPath(database: string): string {
  return `${database}.secret`;
}

/** Reads the secret kept beside a database; null if there is none. */
export function readSecret(database: string): string | null {
  try {
    return readFileSync(secretPath(database), 'utf8').trim() || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The secret kept beside a database, generated (mode 0600) on first use. */
export function loadOrCreateSecret(database: string): string {
  const existing = readSecret(database);
  if (existing) return existing;
  mkdirSync(dirname(database), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  try {
    writeFileSync(secretPath(database), secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // another process created it first: use theirs
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readSecret(database) ?? secret;
    throw error;
  }
}

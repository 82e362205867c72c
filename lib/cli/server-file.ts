import { readFileSync, writeFileSync } from 'node:fs';
import * as t from 'io-ts';
import { decode } from '../protocol';

/** What `serve` keeps beside a database's secret, so that `token --database` makes tokens for that server. */
export const ServerFacts = t.type({
  /** The WebSocket URL tokens carry: the server's public URL, or the one it listens on. */
  url: t.string,
  /** The audience (`aud`) its tokens must carry. */
  tokenAudience: t.string
});
/** What `serve` keeps beside a database's secret. */
export type ServerFacts = t.TypeOf<typeof ServerFacts>;

/** Where the facts of the server that owns a database are kept. */
export function serverFactsPath(database: string): string {
  return `${database}.server.json`;
}

/** Keeps the facts of the server now running on `database` (written at each start). */
export function writeServerFacts(database: string, facts: ServerFacts): void {
  writeFileSync(serverFactsPath(database), JSON.stringify(facts, null, 2) + '\n', { mode: 0o644 });
}

/** The facts kept beside `database`; null when no server ran on it (or the file is not ours). */
export function readServerFacts(database: string): ServerFacts | null {
  let text: string;
  try {
    text = readFileSync(serverFactsPath(database), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const facts = decode(ServerFacts, value);
  return facts.ok ? facts.value : null;
}

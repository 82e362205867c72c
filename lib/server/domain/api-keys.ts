import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord } from '../storage/records';
import type { Storage } from '../storage/storage';
import { SidPrefix, newSid } from './sids';

/** What an API key may do: `read` resources, `write` them, `admin`: roles, webhooks, tokens, templates. */
export const SCOPES = ['read', 'write', 'admin'] as const;
/** A scope of an API key. */
export type Scope = (typeof SCOPES)[number];

/** Whether `name` is a scope. */
export function isScope(name: string): name is Scope {
  return (SCOPES as readonly string[]).includes(name);
}

/** Who a REST request authenticated as. */
export interface Caller {
  /** The key's sid, or `admin` for the server's admin key. */
  readonly keySid: string;
  readonly scopes: ReadonlySet<Scope>;
}

/** Finds the caller a presented secret belongs to. */
export interface Authenticator {
  /** The caller of `secret`, or null when no key matches. */
  authenticate(secret: string): Promise<Caller | null>;
}

/** The stored form of a key's secret: its SHA-256, in hex. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new API key: its record (the secret only hashed) and the secret, to be shown once. */
export async function createApiKey(
  storage: Storage,
  friendlyName: string,
  scopes: readonly Scope[],
  now: number
): Promise<{ key: ApiKeyRecord; secret: string }> {
  const secret = `rxk_${randomBytes(24).toString('base64url')}`;
  const key: ApiKeyRecord = {
    sid: newSid(SidPrefix.ApiKey),
    friendlyName,
    secretHash: hashSecret(secret),
    scopes: [...new Set(scopes)],
    dateCreated: now
  };
  await storage.transaction((tx) => tx.insertApiKey(key));
  return { key, secret };
}

/** Revokes an API key; answers whether it existed. */
export function revokeApiKey(storage: Storage, sid: string): Promise<boolean> {
  return storage.transaction((tx) => tx.deleteApiKey(sid));
}

/** Every API key (never their secrets). */
export function listApiKeys(storage: Storage): Promise<ApiKeyRecord[]> {
  return storage.read((reader) => reader.listApiKeys());
}

/** How long an authenticated key is trusted without reading it again (a revocation takes effect within this). */
export const KEY_CACHE_MS = 1000;

/**
 * The stored API keys, and the server's admin key (`adminKey`, when set: every scope, compared in
 * constant time). A key found is remembered for {@link KEY_CACHE_MS}.
 */
export function apiKeyAuthenticator(
  storage: Storage,
  adminKey: string | undefined,
  now: () => number = Date.now
): Authenticator {
  const admin: Caller = { keySid: 'admin', scopes: new Set<Scope>(SCOPES) };
  const adminHash = adminKey === undefined ? null : Buffer.from(hashSecret(adminKey), 'hex');
  const known = new Map<string, { caller: Caller; until: number }>();
  return {
    async authenticate(secret) {
      if (secret === '') return null;
      const hash = hashSecret(secret);
      if (adminHash && timingSafeEqual(Buffer.from(hash, 'hex'), adminHash)) return admin;
      const cached = known.get(hash);
      if (cached && cached.until > now()) return cached.caller;
      known.delete(hash);
      const key = await storage.read((reader) => reader.getApiKeyByHash(hash));
      if (!key) return null;
      const caller: Caller = { keySid: key.sid, scopes: new Set(key.scopes.filter(isScope)) };
      if (known.size > 10_000) known.clear();
      known.set(hash, { caller, until: now() + KEY_CACHE_MS });
      return caller;
    }
  };
}

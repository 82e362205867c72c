import { randomBytes } from 'node:crypto';
import { SCOPES, createApiKey, isScope, listApiKeys, revokeApiKey } from '../server/domain/api-keys';
import { openStorage } from '../server/engines';
import { resolveOptions } from '../server/options';
import type { CliConfig } from './config';

/**
 * `rx-conversations keys create | list | revoke`: the REST API's keys, in the server's database
 * (the server need not be stopped). A new key's secret is printed once; only its hash is kept.
 */
export async function keys(config: CliConfig): Promise<number> {
  // the storage alone: the secret plays no part here
  const options = resolveOptions({ database: config.database, databasePoolSize: 1 }, () => randomBytes(32));
  const storage = await openStorage(options, () => undefined);
  try {
    switch (config.keysAction) {
      case 'create': {
        if (!config.keyName) throw new Error('keys create needs --name');
        if (config.keyScopes.length === 0) throw new Error(`keys create needs --scopes (${SCOPES.join(', ')})`);
        const bad = config.keyScopes.find((scope) => !isScope(scope));
        if (bad !== undefined) throw new Error(`unknown scope '${bad}': use ${SCOPES.join(', ')}`);
        const { key, secret } = await createApiKey(storage, config.keyName, config.keyScopes.filter(isScope), Date.now());
        console.log(`sid:    ${key.sid}`);
        console.log(`scopes: ${key.scopes.join(',')}`);
        console.log(`secret: ${secret}`);
        console.log('The secret is shown once: keep it. Send it as "Authorization: Bearer <secret>".');
        return 0;
      }
      case 'list':
        for (const key of await listApiKeys(storage)) {
          console.log(`${key.sid}  ${key.scopes.join(',').padEnd(16)}  ${new Date(key.dateCreated).toISOString()}  ${key.friendlyName}`);
        }
        return 0;
      case 'revoke':
        if (!config.keySid) throw new Error('keys revoke needs --sid');
        if (!(await revokeApiKey(storage, config.keySid))) throw new Error(`no key ${config.keySid}`);
        console.log(`revoked ${config.keySid}`);
        return 0;
      default:
        throw new Error('keys needs create, list or revoke');
    }
  } finally {
    await storage.close();
  }
}

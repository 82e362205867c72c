import { randomBytes } from 'node:crypto';
import { SCOPES, type Scope, createApiKey, isScope, listApiKeys, revokeApiKey } from '../server/domain/api-keys';
import { openStorage } from '../server/engines';
import { resolveOptions } from '../server/options';
import type { Storage } from '../server/storage/storage';
import type { CliConfig } from './config';

/** What `keys` was asked to do, checked before the database is opened. */
type KeysTask =
  { action: 'create'; name: string; scopes: Scope[] } | { action: 'list' } | { action: 'revoke'; sid: string };

function taskOf(config: CliConfig): KeysTask {
  switch (config.keysAction) {
    case 'create': {
      if (!config.keyName) throw new Error('keys create needs --name');
      if (config.keyScopes.length === 0) throw new Error(`keys create needs --scopes (${SCOPES.join(', ')})`);
      const bad = config.keyScopes.find((scope) => !isScope(scope));
      if (bad !== undefined) throw new Error(`unknown scope '${bad}': use ${SCOPES.join(', ')}`);
      return { action: 'create', name: config.keyName, scopes: config.keyScopes.filter(isScope) };
    }
    case 'list':
      return { action: 'list' };
    case 'revoke':
      if (!config.keySid) throw new Error('keys revoke needs --sid');
      return { action: 'revoke', sid: config.keySid };
    default:
      throw new Error('keys needs create, list or revoke');
  }
}

async function run(storage: Storage, task: KeysTask): Promise<void> {
  switch (task.action) {
    case 'create': {
      const { key, secret } = await createApiKey(storage, task.name, task.scopes, Date.now());
      console.log(`sid:    ${key.sid}`);
      console.log(`scopes: ${key.scopes.join(',')}`);
      console.log(`secret: ${secret}`);
      console.log('The secret is shown once: keep it. Send it as "Authorization: Bearer <secret>".');
      return;
    }
    case 'list':
      for (const key of await listApiKeys(storage)) {
        console.log(
          [key.sid, key.scopes.join(',').padEnd(16), new Date(key.dateCreated).toISOString(), key.friendlyName].join(
            '  '
          )
        );
      }
      return;
    case 'revoke':
      if (!(await revokeApiKey(storage, task.sid))) throw new Error(`no key ${task.sid}`);
      console.log(`revoked ${task.sid}`);
  }
}

/**
 * `rx-conversations keys create | list | revoke`: the REST API's keys, in the server's database
 * (the server need not be stopped). A new key's secret is printed once; only its hash is kept.
 */
export async function keys(config: CliConfig): Promise<number> {
  const task = taskOf(config);
  // the storage alone: the secret plays no part here
  const options = resolveOptions({ database: config.database, databasePoolSize: 1 }, () => randomBytes(32));
  const storage = await openStorage(options, () => undefined);
  try {
    await run(storage, task);
    return 0;
  } finally {
    await storage.close();
  }
}

import { createTokenService } from '../server/auth/tokens';
import { DEFAULTS } from '../server/options';
import { WS_PATH } from '../server/socket/gateway';
import type { CliConfig } from './config';
import { readSecret, secretPath } from './secret-file';
import { readServerFacts } from './server-file';

/**
 * `rx-conversations token`: prints a token signed with the server's secret, carrying the URL and
 * audience of the server that last ran on `--database` (kept beside its secret) unless given.
 */
export async function token(config: CliConfig): Promise<number> {
  if (!config.identity) throw new Error('--identity is required');
  const secret = config.secret ?? readSecret(config.database);
  if (!secret) {
    throw new Error(
      `no secret: give --secret (or RXC_SECRET), or start the server once so that ${secretPath(config.database)} exists`
    );
  }
  const facts = readServerFacts(config.database);
  const url = config.publicUrl ?? facts?.url ?? `ws://127.0.0.1:${config.port}${WS_PATH}`;
  const service = createTokenService({
    secret: new TextEncoder().encode(secret),
    url: () => url,
    defaultTtlSeconds: DEFAULTS.defaultTokenTtlSeconds,
    maxTtlSeconds: DEFAULTS.maxTokenTtlSeconds,
    audience: config.tokenAudience ?? facts?.tokenAudience ?? DEFAULTS.tokenAudience
  });
  console.log(await service.issue(config.identity, { ttlSeconds: config.ttlSeconds }));
  return 0;
}

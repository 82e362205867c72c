import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../server';
import type { CliConfig } from './config';
import { loadOrCreateSecret } from './secret-file';

const stamp = () => new Date().toISOString();
const demoLogger: Logger = {
  info: () => undefined,
  warn: (message) => console.warn(`${stamp()} warning: ${message}`),
  error: (message, error) => console.error(`${stamp()} error: ${message}`, error ?? '')
};

/** The built page script: beside the bundled CLI (dist/cli.js), or in dist/ when run from source. */
function pageScript(): string {
  const candidates = [
    new URL('./demo/page.js', import.meta.url),
    new URL('../../dist/demo/page.js', import.meta.url)
  ].map((url) => fileURLToPath(url));
  return candidates.find((path) => existsSync(path)) ?? candidates[0];
}

/** `rx-conversations demo`: runs the live dashboard until SIGTERM or SIGINT. */
export async function demo(config: CliConfig): Promise<number> {
  const memory = config.database === ':memory:';
  // loaded here, so that `serve` and `token` do not load the client and the demo
  const { startDemo } = await import('../demo');
  const running = await startDemo({
    pageScript: pageScript(),
    port: config.port,
    serverPort: config.serverPort,
    host: config.host,
    database: config.database,
    secret: config.secret ?? (memory ? undefined : loadOrCreateSecret(config.database)),
    logger: demoLogger
  });
  console.log('rx-conversations live demo');
  console.log('');
  console.log(`  open the dashboard:  ${running.url}`);
  console.log(`  server:              ${running.serverUrl}  (database ${config.database})`);
  console.log('  five simulated people chat in four rooms; your browser joins them as a visitor');
  console.log('  of its own (a reload keeps who you are and what you had open).');
  console.log('');
  console.log('Stop with Ctrl+C.');

  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return resolve(1);
      stopping = true;
      console.log(`${signal}: stopping the demo`);
      running.close().then(
        () => resolve(0),
        (error) => {
          demoLogger.error('shutdown failed', error);
          resolve(1);
        }
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
}

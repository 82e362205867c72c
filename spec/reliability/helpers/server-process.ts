import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createTokenService } from '../../../lib/server/auth/tokens';
import { type CliProcess, runCli } from '../../server/helpers/cli';

/** The secret every reliability server process signs with, so the test process can mint tokens. */
export const PROCESS_SECRET = 'reliability-secret-0123456789abcdef';

/** A port that was free a moment ago (the OS picks it), to restart a server on the same one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** `rx-conversations serve` running in its own OS process, from source. */
export interface ServerProcess {
  readonly cli: CliProcess;
  readonly pid: number;
  readonly url: string;
}

/** Starts `rx-conversations serve` on `port` with a file database and {@link PROCESS_SECRET}. */
export async function startServerProcess(
  port: number,
  database: string,
  env: NodeJS.ProcessEnv = {}
): Promise<ServerProcess> {
  const cli = runCli(['serve', '--port', String(port), '--database', database, '--secret', PROCESS_SECRET], env);
  const [, url] = await cli.waitFor(/listening on (ws:\/\/\S+)/, 30000);
  return { cli, pid: cli.child.pid as number, url };
}

/** Mints tokens the server processes accept (same secret), for `url`. */
export function processTokens(url: string) {
  const service = createTokenService({
    secret: new TextEncoder().encode(PROCESS_SECRET),
    url: () => url,
    defaultTtlSeconds: 3600,
    maxTtlSeconds: 86400
  });
  return (identity: string) => service.issue(identity);
}

/** The resident memory of a process, in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

/** Samples a process's RSS every `everyMs` until stopped; answers the peak and the samples. */
export function sampleRss(pid: number, everyMs = 100): { stop(): { peak: number; samples: number[] } } {
  const samples: number[] = [];
  const take = () => {
    try {
      samples.push(rssOf(pid));
    } catch {
      // the process is gone
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { peak: Math.max(...samples), samples };
    }
  };
}

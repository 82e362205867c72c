import { inspect } from 'node:util';
import { startServer, type RunningServer, type ServerOptions } from '../../../lib/server';

/** A fixed secret, so tests can forge and expire tokens with jose. */
export const TEST_SECRET = 'test-secret-0123456789abcdef';

/** Collects what the server logs, so tests stay quiet and can assert on errors. */
export function memoryLogger() {
  const lines: string[] = [];
  return {
    lines,
    info: (m: string) => lines.push(`info ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    error: (m: string, e?: unknown) =>
      lines.push(`error ${m} ${e instanceof Error ? e.stack : e === undefined ? '' : inspect(e)}`)
  };
}

const running = new Set<RunningServer>();

/** Starts a server on a free port with a known secret; `stopServers` closes it. */
export async function startTestServer(options: ServerOptions = {}): Promise<RunningServer> {
  const server = await startServer({ secret: TEST_SECRET, logger: memoryLogger(), ...options });
  running.add(server);
  return server;
}

/** Closes every server the test started. */
export async function stopServers(): Promise<void> {
  const servers = [...running];
  running.clear();
  await Promise.all(servers.map((s) => s.close()));
}

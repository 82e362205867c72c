import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from './client';

const ROOT = join(__dirname, '..', '..', '..');
const processes = new Set<ChildProcess>();

/** The CLI run from source (through tsx), with its output collected. */
export interface CliProcess {
  child: ChildProcess;
  output(): string;
  /** The first match of `pattern` in the output, waiting for it. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `rx-conversations <args>` from lib/cli/index.ts. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'lib/cli/index.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  processes.add(child);
  let out = '';
  child.stdout?.on('data', (chunk) => (out += chunk));
  child.stderr?.on('data', (chunk) => (out += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      processes.delete(child);
      resolve({ code, signal });
    })
  );
  return {
    child,
    output: () => out,
    waitFor: (pattern, timeoutMs = 45_000) =>
      eventually(() => out.match(pattern) ?? undefined, timeoutMs, `${pattern} in: ${out}`),
    exited
  };
}

/** Starts `serve` and waits for its URL and sample token. */
export async function serveCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const cli = runCli(['serve', '--port', '0', ...args], env);
  const [, url] = await cli.waitFor(/listening on (ws:\/\/\S+)/);
  const [, token] = await cli.waitFor(/sample token \(identity "demo", 1 hour\): (\S+)/);
  return { cli, url, token };
}

/** Kills every CLI process a test left running. */
export function killClis(): void {
  for (const child of processes) child.kill('SIGKILL');
  processes.clear();
}

/** Creates an API key in `database` with `rx-conversations keys create`; answers its sid and secret. */
export async function createKeyCli(
  database: string,
  scopes: string,
  name = 'test'
): Promise<{ sid: string; secret: string }> {
  const cli = runCli(['keys', 'create', '--database', database, '--name', name, '--scopes', scopes]);
  const [, sid] = await cli.waitFor(/sid: +(SK\w+)/);
  const [, secret] = await cli.waitFor(/secret: +(rxk_\S+)/);
  const { code } = await cli.exited;
  if (code !== 0) throw new Error(`keys create failed: ${cli.output()}`);
  return { sid, secret };
}

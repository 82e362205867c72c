import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../helpers/wait';
import { ROOT, requireBuilt } from './browser';

/** `node dist/cli.js demo` as `npm start` runs it: it prints the page's URL, serves it, and stops on SIGINT. */
it('the built CLI runs the demo and stops cleanly', async () => {
  requireBuilt('dist/cli.js', 'dist/demo/page.js');
  const dir = mkdtempSync(join(tmpdir(), 'rxc-cli-demo-'));
  const child = spawn(
    process.execPath,
    [join(ROOT, 'dist/cli.js'), 'demo', '--port', '0', '--database', join(dir, 'demo.db')],
    { cwd: dir }
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  try {
    // the two lines may arrive in separate chunks: wait for both
    const serverLine = /server:\s+ws:\/\/127\.0\.0\.1:\d+\/v1\/ws/;
    await waitFor(
      () => /open the dashboard:\s+(http:\S+)/.test(out) && serverLine.test(out),
      `the dashboard and server URLs in: ${out}`,
      30000
    );
    const url = (/open the dashboard:\s+(http:\S+)/.exec(out) as RegExpExecArray)[1];
    expect(await (await fetch(url)).text()).toContain('/page.js');
    const script = await fetch(`${url}page.js`);
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(100_000);
    const session = (await (await fetch(`${url}api/session`)).json()) as { identity: string; token: string };
    expect(session.identity).toMatch(/^guest-/);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}, 60000);

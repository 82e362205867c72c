import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Client, isPendingMessage, selectMessages } from '../../lib/client';
import { type RunningServer, startServer } from '../../lib/server';
import { waitFor } from '../helpers/wait';

/**
 * The Angular example (examples/angular): its service runs under Angular's injector in Node
 * against the real server (typecheck.spec.ts compiles it).
 */
const ROOT = resolve(__dirname, '../..');
const TSCONFIG = join(ROOT, 'examples/angular/test/tsconfig.json');

let server: RunningServer;
let alice: Client;

beforeAll(async () => {
  server = await startServer({ logger: { info() {}, warn() {}, error() {} } });
});

afterAll(async () => {
  await alice?.shutdown();
  await server?.close();
});

describe('examples/angular', () => {
  it('its service emits conversations and messages of the real server, sends, ends with the injector', async () => {
    alice = await Client.create(await server.issueToken('alice'));
    const conversation = await alice.createConversation({ friendlyName: 'Angular room' });
    await conversation.add('ng-user');
    await conversation.sendMessage('first');
    await conversation.sendMessage('second');

    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'examples/angular/test/run-service.ts')], {
      cwd: ROOT,
      env: { ...process.env, RXC_TOKEN: await server.issueToken('ng-user'), TSX_TSCONFIG_PATH: TSCONFIG },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 45000);
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      // the service's send reaches the other participant, who answers
      const fromAngular = () =>
        selectMessages(conversation.sid)(alice.getState()).some(
          (item) => !isPendingMessage(item) && item.body === 'hello from the Angular service'
        );
      await waitFor(fromAngular, "the Angular service's message", 40000).catch((error: Error) => {
        throw new Error(`${error.message}; the runner wrote: ${out}${err}`);
      });
      await conversation.sendMessage('answer from Node');
      const code = await exited;
      expect({ code, err }).toEqual({ code: 0, err: '' });
    } finally {
      clearTimeout(killer);
      child.kill('SIGKILL');
    }
    const lines = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      { state: 'connected' },
      { conversations: ['Angular room'] },
      { history: ['first', 'second'] },
      { live: ['first', 'second', 'hello from the Angular service', 'answer from Node'] },
      { unread: 0 },
      { afterDestroy: 'disconnected' }
    ]);
  }, 60000);
});

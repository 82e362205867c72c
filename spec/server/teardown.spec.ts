import { type Server, createServer } from 'node:net';
import { startServer } from '../../lib/server';
import type { MediaStore } from '../../lib/server/media/media-store';
import { Teardown } from '../../lib/server/teardown';
import { TEST_SECRET, memoryLogger } from './helpers/server';

describe('Teardown', () => {
  it('runs its steps last first, each once, past a failing one, and throws the first failure', async () => {
    const teardown = new Teardown();
    const ran: string[] = [];
    teardown.add(() => ran.push('first'));
    teardown.add(() => {
      ran.push('second');
      throw new Error('second failed');
    });
    teardown.add(() => {
      ran.push('third');
      return Promise.reject(new Error('third failed'));
    });
    await expect(teardown.run()).rejects.toThrow('third failed');
    expect(ran).toEqual(['third', 'second', 'first']);
    await teardown.run();
    expect(ran).toEqual(['third', 'second', 'first']);
  });
});

describe('startServer teardown', () => {
  /** A media store that records when it is closed. */
  function recordingStore(closes: string[]): MediaStore {
    return {
      put: () => Promise.resolve(),
      get: () => Promise.resolve(null),
      delete: () => Promise.resolve(),
      close: () => {
        closes.push('closed');
        return Promise.resolve();
      }
    };
  }

  it('releases what it opened when it cannot listen, and closes once however often close() is called', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    const closes: string[] = [];
    const options = {
      secret: TEST_SECRET,
      logger: memoryLogger(),
      host: '127.0.0.1',
      mediaStore: recordingStore(closes)
    };
    await expect(startServer({ ...options, port })).rejects.toThrow(/EADDRINUSE/);
    await new Promise<void>((resolve) => taken.close(() => resolve()));
    expect(closes).toEqual(['closed']);

    const server = await startServer(options);
    await Promise.all([server.close(), server.close()]);
    await server.close();
    expect(closes).toEqual(['closed', 'closed']);
  });
});

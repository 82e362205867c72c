import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../lib/server';
import { quietLogger } from '../client/world';
import { TestClient } from '../server/helpers/client';
import { NATS_URL, type TestDatabase, createTestDatabase, deleteNatsStream } from './helpers/services';

let database: TestDatabase;
let media: string;
const busPrefix = `rxc_start_${Date.now()}`;
beforeAll(async () => {
  database = await createTestDatabase();
  media = mkdtempSync(join(tmpdir(), 'rxc-start-media-'));
});
afterAll(async () => {
  await database?.drop();
  await deleteNatsStream(busPrefix);
  rmSync(media, { recursive: true, force: true });
});

describe('startServer with PostgreSQL and NATS', () => {
  it('refuses a PostgreSQL database without a shared media directory, and a bus it does not know', async () => {
    const url = await database.schemaUrl();
    await expect(startServer({ database: url, logger: quietLogger })).rejects.toThrow(/mediaDirectory/);
    await expect(
      startServer({ database: url, mediaDirectory: media, bus: 'redis://127.0.0.1:6379', logger: quietLogger })
    ).rejects.toThrow(/bus must be 'local' or a nats:\/\/ URL/);
  });

  it('serves from PostgreSQL through NATS in this process, and keeps the data across a restart', async () => {
    const url = await database.schemaUrl();
    const options = {
      database: url,
      mediaDirectory: media,
      bus: NATS_URL,
      busPrefix,
      secret: 'start-server-secret-0123456789',
      logger: quietLogger
    };
    const first = await startServer(options);
    const client = await TestClient.connect(first.url, await first.issueToken('ann'));
    const created = await client.call('createConversation', { friendlyName: 'kept' });
    await client.close();
    await first.close();

    const second = await startServer(options);
    const again = await TestClient.connect(second.url, await second.issueToken('ann'));
    const found = await again.call('getConversation', { sid: created.conversation.sid });
    expect(found.conversation.friendlyName).toBe('kept');
    await again.close();
    await second.close();
  });
});

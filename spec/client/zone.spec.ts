import 'zone.js';
import { firstValueFrom } from 'rxjs';
import { Client } from '../../lib/client';
import { waitFor } from '../helpers/wait';
import { clientWorld, type ClientWorld } from './world';

interface ZoneApi {
  current: { name: string; fork(spec: { name: string }): { name: string; run<T>(fn: () => T): T } };
}
const Zone = (globalThis as unknown as { Zone: ZoneApi }).Zone;

/**
 * Angular re-renders when code runs in its zone: events must reach the application in the zone
 * its code is in (here, zone.js without Angular), not in the zone of a channel made when the
 * module loaded.
 */
describe('zone.js', () => {
  let world: ClientWorld;
  beforeEach(async () => {
    world = await clientWorld();
  });
  afterEach(() => world.close());

  it("runs a listener in the zone it was added in; subscribers get events in the client's zone", async () => {
    const token = await world.server.issueToken('alice');
    const app = Zone.current.fork({ name: 'app' });
    const other = Zone.current.fork({ name: 'other' });
    const client = app.run(() => new Client(token));
    await firstValueFrom(client.initialized$);
    const seen: string[] = [];
    other.run(() => client.on('conversationAdded', () => seen.push(`listener:${Zone.current.name}`)));
    client.conversationAdded$.subscribe(() => seen.push(`subscriber:${Zone.current.name}`));
    await client.createConversation();
    await waitFor(() => seen.length === 2, 'both');
    expect(seen.sort()).toEqual(['listener:other', 'subscriber:app']);
    await client.shutdown();
  });
});

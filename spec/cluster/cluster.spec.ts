import { Client, ConversationsError, ErrorCode, type MessageData, type Participant } from '../../lib/client';
import { waitFor } from '../helpers/wait';
import { heldMessages, waitForMessages } from '../reliability/helpers/fleet';
import { TestClient } from '../server/helpers/client';
import { serverMessages } from '../server/helpers/messages';
import { clusterClients } from './helpers/cluster-clients';
import type { SeqLog } from './helpers/seq-recorder';

const shared = clusterClients();

/** A client that tries node `first` first, then the others in turn (see clusterClients). */
async function clientOn(identity: string, first: number, only = false, log?: (log: SeqLog) => void): Promise<Client> {
  const made = await shared.clientOn(identity, first, only);
  log?.(made.log);
  return made.client;
}

/** A conversation of `members` (the first creates it), joined in every member's store. */
async function conversationOf(members: Client[]): Promise<string> {
  const conversation = await members[0].createConversation({ friendlyName: 'cluster' });
  for (const member of members.slice(1)) await conversation.add(member.user.identity);
  const sid = conversation.sid;
  await waitFor(
    () => members.every((c) => c.getState().conversations[sid]?.status === 'joined'),
    'every member joined',
    30000
  );
  return sid;
}

/** Sends `count` messages from each client, `concurrency` at a time; answers each send's outcome. */
async function burst(senders: Client[], sid: string, count: number, concurrency: number, onResolved = () => undefined) {
  const outcomes: { body: string; index?: number; error?: unknown }[] = [];
  await Promise.all(
    senders.map(async (client) => {
      const handle = await client.getConversationBySid(sid);
      let next = 0;
      const worker = async () => {
        while (next < count) {
          const outcome: { body: string; index?: number; error?: unknown } = {
            body: `${client.user.identity}#${next++}`
          };
          outcomes.push(outcome);
          try {
            outcome.index = await handle.sendMessage(outcome.body);
            onResolved();
          } catch (error) {
            outcome.error = error;
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    })
  );
  return outcomes;
}

/** Every message of a conversation as the cluster holds it, read through `url` over a raw socket. */
async function storedMessages(url: string, identity: string, sid: string): Promise<MessageData[]> {
  return serverMessages(url, await shared.cluster.token(identity), sid);
}

describe('cluster: three server processes, PostgreSQL and NATS JetStream', () => {
  it('clients over the nodes converse: concurrent sends via every node get one gap-free index order', async () => {
    const members = await Promise.all(
      ['ann', 'ben', 'cat', 'dan', 'eve', 'fay'].map((identity, i) => clientOn(identity, i % 3))
    );
    const sid = await conversationOf(members);
    const outcomes = await burst(members, sid, 40, 4);
    expect(outcomes.every((o) => o.index !== undefined)).toBe(true);
    expect(outcomes.map((o) => o.index).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(outcomes.map((_, i) => i));

    const stored = await storedMessages(shared.cluster.nodes[1].url, 'ann', sid);
    expect(stored.map((m) => m.index)).toEqual(stored.map((_, i) => i));
    const expected = stored.map((m) => [m.index, m.body]);
    for (const outcome of outcomes) expect(stored[outcome.index as number].body).toBe(outcome.body);
    for (const member of members) {
      await waitForMessages(member, sid, stored.length);
      expect(heldMessages(member, sid)).toEqual(expected);
    }
  });

  it('keeps a send idempotent when it is retried through another node', async () => {
    const [first, second] = await Promise.all(
      [0, 1].map(async (n) => TestClient.connect(shared.cluster.nodes[n].url, await shared.cluster.token('gus')))
    );
    try {
      const created = await first.call('createConversation', { friendlyName: 'idempotent' });
      const sid = created.conversation.sid;
      const sent = await first.call('sendMessage', { conversationSid: sid, body: 'once', key: 'retry-key' });
      const again = await second.call('sendMessage', { conversationSid: sid, body: 'once', key: 'retry-key' });
      expect(again.sid).toBe(sent.sid);
      expect(again.index).toBe(sent.index);
      const count = await second.call('getMessagesCount', { conversationSid: sid });
      expect(count.count).toBe(1);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('carries typing and reachability across nodes', async () => {
    const watcher = await clientOn('hal', 0);
    const ivy = await clientOn('ivy', 1);
    const sid = await conversationOf([watcher, ivy]);
    const user = await watcher.getUser('jon');
    expect(user.isOnline).toBe(false);
    const jon = await clientOn('jon', 2);
    await waitFor(() => user.isOnline === true, 'jon online, seen through another node', 15000);

    const typing: Participant[] = [];
    const subscription = (await watcher.getConversationBySid(sid)).typingStarted$.subscribe((p) => typing.push(p));
    await (await ivy.getConversationBySid(sid)).typing();
    await waitFor(() => typing.length === 1, 'typing from another node', 15000);
    expect(typing[0].identity).toBe('ivy');
    subscription.unsubscribe();

    await jon.shutdown();
    await waitFor(() => user.isOnline === false, 'jon offline, seen through another node', 15000);
  });

  it('loses no acked message when a node is killed mid-burst: clients fail over, get each once, in order', async () => {
    // victims start on node 2; observers stay on nodes 0 and 1; the ghost can only reach node 2
    const logs: SeqLog[] = [];
    const victims = await Promise.all(
      ['kim', 'lou', 'max'].map((identity) => clientOn(identity, 2, false, (log) => logs.push(log)))
    );
    const observers = await Promise.all(['ned', 'oli'].map((identity, i) => clientOn(identity, i)));
    const ghost = await clientOn('pat', 2, true);
    const sid = await conversationOf([...victims, ...observers, ghost]);
    const watched = await observers[0].getUser('pat');
    await waitFor(() => watched.isOnline === true, 'pat online', 15000);

    let resolved = 0;
    const sending = burst(victims, sid, 150, 4, () => void resolved++);
    await waitFor(() => resolved >= 150, '150 sends resolved', 60000);
    const victim = shared.cluster.nodes[2];
    victim.cli.child.kill('SIGKILL');
    expect((await victim.cli.exited).signal).toBe('SIGKILL');
    const outcomes = await sending;

    // every send settled; those that failed did so with a clear error (a write in doubt)
    const failed = outcomes.filter((o) => o.index === undefined);
    for (const { error } of failed) {
      expect(error).toBeInstanceOf(ConversationsError);
      expect([ErrorCode.Timeout, ErrorCode.Unavailable]).toContain((error as ConversationsError).code);
    }
    const stored = await storedMessages(shared.cluster.nodes[0].url, 'ned', sid);
    expect(stored.map((m) => m.index)).toEqual(stored.map((_, i) => i));
    expect(new Set(stored.map((m) => m.body)).size).toBe(stored.length);
    for (const outcome of outcomes)
      if (outcome.index !== undefined) expect(stored[outcome.index].body).toBe(outcome.body);

    // victims failed over and resumed; everyone holds exactly what was stored, in order
    const expected = stored.map((m) => [m.index, m.body]);
    for (const client of [...victims, ...observers]) {
      await waitFor(() => client.connectionState === 'connected', `${client.user.identity} connected`, 30000);
      await waitForMessages(client, sid, stored.length);
      expect(heldMessages(client, sid)).toEqual(expected);
    }
    // each victim resumed on another node, and got every event once: seqs rise across its connections
    for (const log of logs) {
      const [before, ...after] = log.connections.filter((c) => c.resume !== null);
      expect(before.url).toBe(victim.url);
      expect(after.length).toBeGreaterThan(0);
      for (const connection of after) {
        expect(connection.url).not.toBe(victim.url);
        expect(connection.resume).toBe('resumed');
      }
      const seqs = log.connections.flatMap((c) => c.seqs);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]);
    }
    // the dead node's sessions do not stay online: its presence expires
    await waitFor(() => watched.isOnline === false, 'pat offline once the dead node expired', 30000);
  });
});

import { Client, ConversationsError, ErrorCode } from '../../lib/client';
import { random } from '../../bench/lib/measure';
import { waitFor } from '../helpers/wait';
import { heldMessages, waitForMessages } from '../reliability/helpers/fleet';
import { serverMessages } from '../server/helpers/messages';
import { clusterClients } from './helpers/cluster-clients';
import type { SeqLog } from './helpers/seq-recorder';

const WRITERS = 30;
const SENDS_EACH = 12;
/** The chance that a resolved send cuts some client's connection off. */
const DROP_CHANCE = 0.08;

const shared = clusterClients();
const { clientOn } = shared;

describe('cluster write path: writers in many conversations, no lock between them', () => {
  it('30 writers in 30 conversations, 3 nodes, cuts and a kill: nothing lost or doubled', async () => {
    const writers = await Promise.all(Array.from({ length: WRITERS }, (_, i) => clientOn(`w${i}`, i % 3)));
    // a watcher per node takes part in every conversation
    const watchers = await Promise.all(['x0', 'x1', 'x2'].map((identity, i) => clientOn(identity, i)));
    const sids = await Promise.all(
      writers.map(async ({ client }, i) => {
        const conversation = await client.createConversation({ friendlyName: `c${i}` });
        for (const { client: watcher } of watchers) await conversation.add(watcher.user.identity);
        return conversation.sid;
      })
    );
    await waitFor(
      () =>
        watchers.every(({ client }) => sids.every((sid) => client.getState().conversations[sid]?.status === 'joined')),
      'every watcher joined every conversation',
      60000
    );

    const everyone = [...writers, ...watchers];
    const chance = random(17);
    const victim = shared.cluster.nodes[2];
    let resolved = 0;
    let killed = false;
    const onResolved = () => {
      resolved++;
      if (chance() < DROP_CHANCE) everyone[Math.floor(chance() * everyone.length)].log.drop();
      if (!killed && resolved >= (WRITERS * SENDS_EACH) / 3) {
        killed = true;
        victim.cli.child.kill('SIGKILL');
      }
    };
    const outcomes = (
      await Promise.all(
        writers.map(async ({ client }, i) => {
          const handle = await client.getConversationBySid(sids[i]);
          const sent: { sid: string; body: string; index?: number; error?: unknown }[] = [];
          let next = 0;
          const worker = async () => {
            while (next < SENDS_EACH) {
              const outcome: (typeof sent)[number] = { sid: sids[i], body: `w${i}#${next++}` };
              sent.push(outcome);
              try {
                outcome.index = await handle.sendMessage(outcome.body);
                onResolved();
              } catch (error) {
                outcome.error = error;
              }
            }
          };
          await Promise.all([worker(), worker()]);
          return sent;
        })
      )
    ).flat();
    expect(killed).toBe(true);
    expect((await victim.cli.exited).signal).toBe('SIGKILL');

    // a send that failed did so with a clear error (a write in doubt); the others are all kept
    for (const { error } of outcomes.filter((o) => o.index === undefined)) {
      expect(error).toBeInstanceOf(ConversationsError);
      expect([ErrorCode.Timeout, ErrorCode.Unavailable]).toContain((error as ConversationsError).code);
    }
    expect(outcomes.filter((o) => o.index !== undefined).length).toBeGreaterThan(WRITERS * SENDS_EACH * 0.9);
    const stored = new Map<string, [number, string | null][]>();
    for (const [i, sid] of sids.entries()) {
      const messages = await serverMessages(shared.cluster.nodes[i % 2].url, await shared.cluster.token(`w${i}`), sid);
      expect(messages.map((m) => m.index)).toEqual(messages.map((_, k) => k));
      expect(new Set(messages.map((m) => m.body)).size).toBe(messages.length);
      stored.set(
        sid,
        messages.map((m) => [m.index, m.body])
      );
    }
    for (const outcome of outcomes) {
      if (outcome.index !== undefined) expect(stored.get(outcome.sid)?.[outcome.index]?.[1]).toBe(outcome.body);
    }

    // every client holds exactly what was stored, in order, and got every durable event once
    const check = async ({ client, log }: { client: Client; log: SeqLog }, conversations: string[]) => {
      await waitFor(() => client.connectionState === 'connected', `${client.user.identity} connected`, 30000);
      for (const sid of conversations) {
        const expected = stored.get(sid) ?? [];
        await waitForMessages(client, sid, expected.length);
        expect(heldMessages(client, sid)).toEqual(expected);
      }
      const seqs = log.connections.flatMap((c) => c.seqs);
      for (let k = 1; k < seqs.length; k++) expect(seqs[k]).toBeGreaterThan(seqs[k - 1]);
      const welcomed = log.connections.filter((c) => c.resume !== null);
      expect(welcomed[0].resume).toBe('fresh');
      for (const connection of welcomed.slice(1)) expect(connection.resume).toBe('resumed');
    };
    for (const [i, writer] of writers.entries()) await check(writer, [sids[i]]);
    for (const watcher of watchers) await check(watcher, sids);
    // connections were cut off and resumed, on more than one node
    const resumedOn = everyone.flatMap(({ log }) => log.connections.filter((c) => c.resume === 'resumed'));
    expect(new Set(resumedOn.map((c) => c.url)).size).toBeGreaterThan(1);
  }, 240000);
});

import type { Conversation } from '../../../lib/client';
import { type ClientWorld, clientWorld } from '../../client/world';
import { waitFor } from '../../helpers/wait';
import { type Member, cutAtRandom, heldMessages, membersThroughProxies, waitForMessages } from '../helpers/fleet';
import { report } from '../helpers/report';

const CLIENTS = 10;
const CONVERSATIONS = 5;
const MESSAGES = 10_000;
/** Sends in flight per client. */
const CONCURRENCY = 6;

/** Conversation `c` holds clients 2c .. 2c+3 (mod 10): four participants each, every client in two. */
const rosterOf = (c: number) => [0, 1, 2, 3].map((k) => (2 * c + k) % CLIENTS);

describe('faults: links cut at random', () => {
  let world: ClientWorld;
  let members: Member[] = [];
  afterEach(async () => {
    await world.close();
    await Promise.all(members.map((m) => m.proxy.close()));
  });

  it('10 clients, 5 rooms, 10,000 messages over cut links: every store complete, in order, each once', async () => {
    world = await clientWorld();
    members = await membersThroughProxies(
      world,
      Array.from({ length: CLIENTS }, (_, i) => `member-${i}`)
    );
    const conversations: Conversation[] = [];
    for (let c = 0; c < CONVERSATIONS; c++) {
      const [owner, ...others] = rosterOf(c);
      const conversation = await members[owner].client.createConversation({ friendlyName: `room ${c}` });
      for (const other of others) await conversation.add(members[other].identity);
      conversations.push(conversation);
    }
    const mine = members.map((_, i) => conversations.filter((_, c) => rosterOf(c).includes(i)).map((c) => c.sid));
    await waitFor(
      () =>
        members.every((m, i) => mine[i].every((sid) => m.client.getState().conversations[sid]?.status === 'joined')),
      'every member joined'
    );

    // every client sends its share round-robin over its conversations; a send counts once it resolved
    const acknowledged = new Map<string, Map<number, string>>(conversations.map((c) => [c.sid, new Map()]));
    const perClient = MESSAGES / CLIENTS;
    const cutter = cutAtRandom(members, 20, 120);
    const started = Date.now();
    await Promise.all(
      members.map(async (member, i) => {
        const handles = await Promise.all(mine[i].map((sid) => member.client.getConversationBySid(sid)));
        let next = 0;
        const worker = async () => {
          while (next < perClient) {
            const n = next++;
            const conversation = handles[n % handles.length];
            const body = `${member.identity}#${n}`;
            const index = await conversation.sendMessage(body);
            const seen = acknowledged.get(conversation.sid)!;
            expect(seen.has(index)).toBe(false);
            seen.set(index, body);
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      })
    );
    const cuts = await cutter.stop();
    const sendingMs = Date.now() - started;

    // every send resolved, with indexes 0..n-1 per conversation
    let total = 0;
    for (const conversation of conversations) {
      const seen = acknowledged.get(conversation.sid)!;
      total += seen.size;
      expect([...seen.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: seen.size }, (_, i) => i));
    }
    expect(total).toBe(MESSAGES);

    // every participant's store holds exactly those messages, in index order, each once
    for (const [c, conversation] of conversations.entries()) {
      const seen = acknowledged.get(conversation.sid)!;
      const expected = [...seen.entries()].sort((a, b) => a[0] - b[0]);
      for (const i of rosterOf(c)) {
        const { client } = members[i];
        await waitForMessages(client, conversation.sid, seen.size);
        expect(heldMessages(client, conversation.sid)).toEqual(expected);
        expect(client.getState().conversations[conversation.sid].data.messagesCount).toBe(seen.size);
      }
    }
    expect(cuts).toBeGreaterThanOrEqual(50);
    expect(members.every((m) => m.proxy.cuts > 0)).toBe(true);
    // with the default limits, bursting clients are never refused as rate limited
    expect(members.map((m) => m.log.rateLimitedReplies)).toEqual(members.map(() => 0));
    report('links-cut', { clients: CLIENTS, conversations: CONVERSATIONS, messages: MESSAGES, cuts, sendingMs });
  }, 240000);
});

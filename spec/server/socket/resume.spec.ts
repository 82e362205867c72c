import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cleanupAfterEach, world } from '../helpers/setup';
import { type ReceivedEvent, type TestClient, eventSubject, eventually } from '../helpers/client';

cleanupAfterEach();

const seqs = (events: ReceivedEvent[]) => events.filter((e) => e.seq !== undefined).map((e) => e.seq as number);

function expectStrictlyIncreasing(values: number[]) {
  for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
}

async function drop(client: TestClient) {
  client.ws.terminate();
  await client.closed;
}

describe('resume', () => {
  it('delivers the missed events exactly once and in order, then live ones', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const carol = await connect('carol');
    let bob = await connect('bob');
    const { conversation } = await alice.call('createConversation', {});
    const sid: string = conversation.sid;
    await alice.call('addParticipant', { conversationSid: sid, identity: 'bob' });
    await alice.call('addParticipant', { conversationSid: sid, identity: 'carol' });
    await alice.call('sendMessage', { conversationSid: sid, key: 'before', body: 'before' });
    await bob.waitEvent('messageAdded');
    const position = bob.position;
    await drop(bob);

    for (let i = 0; i < 5; i++)
      await alice.call('sendMessage', { conversationSid: sid, key: `missed${i}`, body: `missed${i}` });
    await alice.call('updateConversation', { sid, friendlyName: 'while away' });
    await alice.call('typing', { conversationSid: sid });
    await carol.waitEvent('conversationUpdated');

    bob = await connect('bob', { resume: { position } });
    expect(bob.welcome?.resume).toBe('resumed');
    await bob.waitEvent('conversationUpdated');
    const replayed = bob.events.slice();
    expect(replayed.map((e) => e.name)).toEqual([...Array<string>(5).fill('messageAdded'), 'conversationUpdated']);
    expect(replayed.map((e) => (e.name === 'messageAdded' ? e.data.message.body : null)).slice(0, 5)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `missed${i}`)
    );
    const carolAfter = seqs(carol.events).filter((s) => s > position);
    expect(seqs(replayed)).toEqual(carolAfter);
    expect(bob.welcome?.position).toBe(carolAfter.at(-1));

    await alice.call('sendMessage', { conversationSid: sid, key: 'live', body: 'live' });
    await bob.waitEvent('messageAdded', (e) => e.data.message.body === 'live');
    expectStrictlyIncreasing(seqs(bob.events));
    expect(bob.named('typingStarted')).toHaveLength(0);
  });

  it('has no gap and no duplicate when events keep coming during the reconnect', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    const carol = await connect('carol');
    let bob = await connect('bob');
    const { conversation } = await alice.call('createConversation', {});
    const sid: string = conversation.sid;
    await alice.call('addParticipant', { conversationSid: sid, identity: 'bob' });
    await alice.call('addParticipant', { conversationSid: sid, identity: 'carol' });
    await bob.waitEvent('participantJoined', (e) => e.data.participant.identity === 'carol');
    let sending = true;
    let sent = 0;
    const sender = (async () => {
      while (sending) await alice.call('sendMessage', { conversationSid: sid, key: `m${sent}`, body: `${sent++}` });
    })();
    // messages are sent before the drop, while bob is away, and after he is back
    const more = (n: number) => {
      const from = sent;
      return eventually(() => sent >= from + n, 10000, `${n} more messages sent`);
    };
    await more(5);
    const position = bob.position;
    const before = bob.events.slice();
    await drop(bob);
    await more(5);
    bob = await connect('bob', { resume: { position } });
    await more(5);
    sending = false;
    await sender;
    const last = `${sent - 1}`;
    await bob.waitEvent('messageAdded', (e) => e.data.message.body === last);
    await carol.waitEvent('messageAdded', (e) => e.data.message.body === last);
    const all = [...before.filter((e) => (e.seq ?? 0) <= position), ...bob.events];
    const from = seqs(carol.events)[0];
    expect(seqs(all).filter((s) => s >= from)).toEqual(seqs(carol.events));
    expectStrictlyIncreasing(seqs(all));
    expect(all.filter((e) => e.name === 'messageAdded').map((e) => Number(e.data.message.body))).toEqual([
      ...Array(sent).keys()
    ]);
  });

  it('replays membership changes: a conversation joined while away, one left while away', async () => {
    const { connect } = await world();
    const alice = await connect('alice');
    let bob = await connect('bob');
    const left = (await alice.call('createConversation', {})).conversation.sid;
    await alice.call('addParticipant', { conversationSid: left, identity: 'bob' });
    await bob.waitEvent('participantJoined');
    const position = bob.position;
    await drop(bob);

    await alice.call('sendMessage', { conversationSid: left, key: 'a', body: 'seen' });
    await alice.call('removeParticipant', { conversationSid: left, identity: 'bob' });
    await alice.call('sendMessage', { conversationSid: left, key: 'b', body: 'not for bob' });
    const joined = (await alice.call('createConversation', {})).conversation.sid;
    await alice.call('sendMessage', { conversationSid: joined, key: 'c', body: 'before bob' });
    await alice.call('addParticipant', { conversationSid: joined, identity: 'bob' });
    await alice.call('sendMessage', { conversationSid: joined, key: 'd', body: 'for bob' });
    await alice.call('updateReadHorizon', { conversationSid: joined, mode: 'all' });

    bob = await connect('bob', { resume: { position } });
    await bob.waitEvent('participantUpdated');
    expect(bob.events.map((e) => `${e.name}:${eventSubject(e)}`)).toEqual([
      'messageAdded:seen',
      'participantLeft:bob',
      'participantJoined:bob',
      'messageAdded:for bob',
      'participantUpdated:alice'
    ]);
    await alice.call('sendMessage', { conversationSid: left, key: 'e', body: 'still not for bob' });
    await alice.call('sendMessage', { conversationSid: joined, key: 'f', body: 'live for bob' });
    await bob.waitEvent('messageAdded', (e) => e.data.message.body === 'live for bob');
    expect(bob.events.some((e) => e.name === 'messageAdded' && e.data.message.body?.includes('not for bob'))).toBe(
      false
    );
  });

  it('replays targeted events to their identity only', async () => {
    const { connect } = await world();
    let alice = await connect('alice');
    const bob = await connect('bob');
    const sid = (await alice.call('createConversation', {})).conversation.sid;
    await alice.call('addParticipant', { conversationSid: sid, identity: 'bob' });
    await alice.call('sendMessage', { conversationSid: sid, key: 'a', body: 'x' });
    await alice.waitEvent('messageAdded');
    const position = alice.position;
    await drop(alice);
    await bob.call('updateReadHorizon', { conversationSid: sid, mode: 'all' });
    const aliceToo = await connect('alice');
    await aliceToo.call('updateReadHorizon', { conversationSid: sid, mode: 'all' });
    alice = await connect('alice', { resume: { position } });
    await alice.waitEvent('userConversationUpdated');
    expect(alice.events.map((e) => `${e.name}:${eventSubject(e)}`)).toEqual([
      'participantUpdated:bob',
      'participantUpdated:alice',
      `userConversationUpdated:${sid}`
    ]);
  });

  it('answers resync when too far behind, ahead of the head, or older than what was pruned', async () => {
    const { connect } = await world({ replayLimit: 3 });
    const alice = await connect('alice');
    const sid = (await alice.call('createConversation', {})).conversation.sid;
    for (let i = 0; i < 5; i++) await alice.call('sendMessage', { conversationSid: sid, key: `k${i}`, body: 'x' });
    await alice.waitEvent('messageAdded', (e) => e.data.message.index === 4);
    const head = alice.position;
    const far = await connect('alice', { resume: { position: 0 } });
    expect(far.welcome).toMatchObject({ resume: 'resync', position: head });
    const near = await connect('alice', { resume: { position: head - 3 } });
    expect(near.welcome?.resume).toBe('resumed');
    await near.waitEvent('messageAdded', (e) => e.data.message.index === 4);
    expect(near.events).toHaveLength(3);
    const ahead = await connect('alice', { resume: { position: head + 10 } });
    expect(ahead.welcome?.resume).toBe('resync');
    const current = await connect('alice', { resume: { position: head } });
    expect(current.welcome?.resume).toBe('resumed');
    await far.call('sendMessage', { conversationSid: sid, key: 'live', body: 'x' });
    await far.waitEvent('messageAdded');
    expect(far.events.map((e) => e.seq)).toEqual([head + 1]);
    // a replay comes before live events: the live one alone means nothing was replayed
    await current.waitEvent('messageAdded');
    expect(current.events.map((e) => e.seq)).toEqual([head + 1]);
  });

  it('answers resync for a position older than the pruned events', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'rxc-resume-')), 'chat.db');
    const first = await world({ database });
    const alice = await first.connect('alice');
    const sid = (await alice.call('createConversation', {})).conversation.sid;
    await alice.call('sendMessage', { conversationSid: sid, key: 'k', body: 'x' });
    await alice.waitEvent('messageAdded');
    const near = await first.connect('alice', { resume: { position: 0 } });
    expect(near.welcome?.resume).toBe('resumed');
    await first.server.close();
    // started again keeping events 1 ms: a start prunes before it resolves
    const { connect } = await world({ database, eventRetentionMs: 1 });
    const late = await connect('alice', { resume: { position: 0 } });
    expect(late.welcome?.resume).toBe('resync');
    rmSync(dirname(database), { recursive: true, force: true });
  });
});

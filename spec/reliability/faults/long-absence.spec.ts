import { cleanupAfterEach, world } from '../../server/helpers/setup';
import { report } from '../helpers/report';

cleanupAfterEach();

const seqs = (events: { seq?: number }[]) => events.flatMap((e) => (e.seq === undefined ? [] : [e.seq]));

describe('faults: a long absence', () => {
  it('a client that missed many replay pages resumes while events come: each once, in order, no gap', async () => {
    // alice sends back to back, faster than one connection's rate limit on a quick machine: the
    // limits are another test's, so they are off here
    const { connect } = await world({ framesPerSecond: 0, identityRequestsPerSecond: 0 });
    const alice = await connect('alice');
    const carol = await connect('carol');
    const sid = (await alice.call('createConversation', {})).conversation.sid;
    await alice.call('addParticipant', { conversationSid: sid, identity: 'bob' });
    await alice.call('addParticipant', { conversationSid: sid, identity: 'carol' });
    const bob = await connect('bob');
    const position = bob.position;
    bob.ws.terminate();
    await bob.closed;

    const missed = 1500;
    const body = 'y'.repeat(2000);
    for (let i = 0; i < missed; i++)
      await alice.call('sendMessage', { conversationSid: sid, key: `m${i}`, body: `${i} ${body}` });
    // more keep coming while bob resumes
    let live = 0;
    let sending = true;
    const sender = (async () => {
      while (sending)
        await alice.call('sendMessage', { conversationSid: sid, key: `l${live}`, body: `${missed + live++}` });
    })();
    const back = await connect('bob', { resume: { position } });
    expect(back.welcome?.resume).toBe('resumed');
    await back.waitEvent('messageAdded', (e) => e.data.message.index >= missed + 20, 30000);
    sending = false;
    await sender;
    const total = missed + live;
    await back.waitEvent('messageAdded', (e) => e.data.message.index === total - 1, 30000);
    await carol.waitEvent('messageAdded', (e) => e.data.message.index === total - 1, 30000);

    const indexes = back.named('messageAdded').map((e) => e.data.message.index);
    expect(indexes).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(seqs(back.events)).toEqual(seqs(carol.events).filter((s) => s > position));
    // the replay came in many bounded frames, and live events only after all of it
    const frames = back.frames.filter((f) => f.type === 'events' || f.type === 'event');
    expect(frames.length).toBeGreaterThan(5);
    report('long-absence', { missed, liveDuringResume: live, frames: frames.length });
  }, 60000);

  it('past replayLimit a client is told to resync: exactly within a page, by distance to the head beyond', async () => {
    const { connect } = await world({ replayLimit: 250 });
    const alice = await connect('alice');
    const busy = (await alice.call('createConversation', {})).conversation.sid;
    const quiet = (await alice.call('createConversation', {})).conversation.sid;
    await alice.call('addParticipant', { conversationSid: quiet, identity: 'bob' });
    const bob = await connect('bob');
    const position = bob.position;
    for (let i = 0; i < 300; i++) await alice.call('sendMessage', { conversationSid: busy, key: `b${i}`, body: 'x' });
    for (let i = 0; i < 5; i++) await alice.call('sendMessage', { conversationSid: quiet, key: `q${i}`, body: 'x' });
    // bob missed 5 events he may see, among 305: within one page, he resumes
    const resumed = await connect('bob', { resume: { position } });
    expect(resumed.welcome?.resume).toBe('resumed');
    await resumed.waitEvent('messageAdded', (e) => e.data.message.index === 4);
    expect(resumed.named('messageAdded')).toHaveLength(5);
    // alice missed 305 of her own: more than a page, more than the limit behind the head
    const far = await connect('alice', { resume: { position } });
    expect(far.welcome?.resume).toBe('resync');
  });
});

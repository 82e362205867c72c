import type { BusEvent } from '../../../lib/server/bus/bus';
import { Hub, type HubSession } from '../../../lib/server/hub/hub';
import type { BatchFrames, PreparedEvent } from '../../../lib/server/hub/prepared-event';
import { waitFor } from '../../helpers/wait';
import { conversation, message as messageRecord, participant } from '../storage/fixtures';

function session(identity: string, position: number): HubSession & { got: (number | undefined)[] } {
  const got: (number | undefined)[] = [];
  return { identity, position, got, enqueue: (e: PreparedEvent) => got.push(e.seq), flush: () => undefined };
}

const message = (seq: number, conversationSid: string): BusEvent => ({
  seq,
  name: 'messageAdded',
  conversationSid,
  targetIdentity: null,
  data: { message: messageRecord(conversationSid, seq) }
});
const joined = (seq: number, conversationSid: string, member: string): BusEvent => ({
  seq,
  name: 'participantJoined',
  conversationSid,
  targetIdentity: null,
  member,
  data: { participant: participant(conversationSid, member), conversation: conversation({ sid: conversationSid }) }
});

describe('Hub', () => {
  it('attaches a session exactly after its snapshot, whether the hub was behind it or ahead of it', () => {
    const hub = new Hub(0);
    const capture = hub.capture();
    // the snapshot (head 2) is read while the hub dispatches 1..4: bob joins CH2 at 3, after the snapshot
    hub.receive([message(1, 'CH1'), message(2, 'CH1'), joined(3, 'CH2', 'bob'), message(4, 'CH2'), message(5, 'CH3')]);
    const bob = session('bob', 2);
    hub.attach(bob, ['CH1'], capture.take());
    expect(bob.got).toEqual([3, 4]);
    hub.receive([message(6, 'CH2'), message(7, 'CH1'), message(8, 'CH3')]);
    expect(bob.got).toEqual([3, 4, 6, 7]);

    // a hub behind the snapshot: events up to the snapshot are not delivered again
    const carol = session('carol', 10);
    hub.attach(carol, ['CH1'], hub.capture().take());
    hub.receive([message(9, 'CH1'), message(10, 'CH1'), message(11, 'CH1')]);
    expect(carol.got).toEqual([11]);
    hub.close();
  });

  it('reads from the log what a head said exists and the bus never brought', async () => {
    const log = [message(1, 'CH1'), message(2, 'CH1')];
    const hub = new Hub(0, 20, (after, upTo) =>
      Promise.resolve(log.filter((e) => (e.seq ?? 0) > after && (e.seq ?? 0) <= upTo))
    );
    const alice = session('alice', 0);
    hub.attach(alice, ['CH1']);
    hub.expectHead(2);
    await waitFor(() => alice.got.length === 2, 'the events read from the log');
    expect(alice.got).toEqual([1, 2]);
    hub.close();
  });

  it('flushes deliveries once the microtasks under way have run (the replies), before the next turn', async () => {
    const hub = new Hub(0);
    const log: string[] = [];
    const alice = { ...session('alice', 0), flush: () => log.push('flush') };
    hub.attach(alice, ['CH1']);
    setImmediate(() => log.push('next turn'));
    // as after a commit: its events are published from a microtask, its replies go out a few steps later
    await Promise.resolve().then(() => {
      hub.receive([message(1, 'CH1')]);
      void Promise.resolve()
        .then(() => undefined)
        .then(() => log.push('reply'));
    });
    await waitFor(() => log.length === 3, 'the flush and the next turn');
    expect(log).toEqual(['reply', 'flush', 'next turn']);
    hub.close();
  });

  it('builds the frame of a flush once for the sessions given the same events', async () => {
    const hub = new Hub(0);
    const sockets = ['alice', 'bob'].map((identity) => {
      const queued: PreparedEvent[] = [];
      const sent: Buffer[] = [];
      const socket = {
        identity,
        position: 0,
        sent,
        enqueue: (event: PreparedEvent) => queued.push(event),
        flush: (frames: BatchFrames) => sent.push(frames.of(queued.splice(0)))
      };
      hub.attach(socket, ['CH1']);
      return socket;
    });
    hub.receive([message(1, 'CH1'), message(2, 'CH1')]);
    await waitFor(() => sockets.every((socket) => socket.sent.length === 1), 'the flush');
    const [alice, bob] = sockets;
    expect(alice.sent[0]).toBe(bob.sent[0]);
    const frame = JSON.parse(alice.sent[0].toString()) as { type: string; events: { seq: number }[] };
    expect(frame.type).toBe('events');
    expect(frame.events.map((event) => event.seq)).toEqual([1, 2]);
    hub.close();
  });
});

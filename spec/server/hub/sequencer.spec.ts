import type { BusEvent } from '../../../lib/server/bus/bus';
import { Sequencer } from '../../../lib/server/hub/sequencer';
import { batchFrame, prepareEvent } from '../../../lib/server/hub/prepared-event';
import { waitFor } from '../../helpers/wait';

const ev = (seq?: number): BusEvent => ({
  seq,
  name: 'messageRemoved',
  conversationSid: 'CH1',
  targetIdentity: null,
  data: { conversationSid: 'CH1', messageSid: `IM${seq ?? 0}`, index: seq ?? 0 }
});

describe('Sequencer', () => {
  it('delivers in seq order, drops duplicates, passes ephemeral events through', () => {
    const out: (number | undefined)[] = [];
    const s = new Sequencer(1, (e) => out.push(e.seq));
    for (const seq of [2, 1, 1, undefined, 4, 3]) s.push(ev(seq));
    expect(out).toEqual([1, 2, undefined, 3, 4]);
    s.close();
  });

  it('skips a gap that never fills', async () => {
    const out: (number | undefined)[] = [];
    const s = new Sequencer(1, (e) => out.push(e.seq), 20);
    s.push(ev(2));
    s.push(ev(3));
    expect(out).toEqual([]);
    await waitFor(() => out.length === 2, 'the gap skipped');
    expect(out).toEqual([2, 3]);
    s.push(ev(1));
    expect(out).toEqual([2, 3]);
    s.close();
  });

  it('fills a gap from the log once it stays open, then delivers in order', async () => {
    const out: (number | undefined)[] = [];
    const asked: [number, number][] = [];
    const fill = (after: number, upTo: number) => {
      asked.push([after, upTo]);
      return Promise.resolve([2, 3].filter((seq) => seq > after && seq <= upTo).map((seq) => ev(seq)));
    };
    const s = new Sequencer(1, (e) => out.push(e.seq), 20, fill);
    s.push(ev(1));
    s.push(ev(4));
    expect(out).toEqual([1]);
    await waitFor(() => out.length === 4, 'the filled gap');
    expect(out).toEqual([1, 2, 3, 4]);
    expect(asked).toEqual([[1, 3]]);
    s.close();
  });

  it('reads events it was told exist but never received (a publisher died after its commit)', async () => {
    const out: (number | undefined)[] = [];
    const s = new Sequencer(
      1,
      (e) => out.push(e.seq),
      20,
      (after, upTo) => Promise.resolve([ev(1), ev(2)].filter((e) => (e.seq ?? 0) > after && (e.seq ?? 0) <= upTo))
    );
    s.expect(0);
    s.expect(2);
    await waitFor(() => out.length === 2, 'the read events');
    expect(out).toEqual([1, 2]);
    s.close();
  });

  it('retries after the log failed, and skips only what the log does not hold', async () => {
    const out: (number | undefined)[] = [];
    let calls = 0;
    const s = new Sequencer(
      1,
      (e) => out.push(e.seq),
      20,
      () => {
        if (++calls === 1) return Promise.reject(new Error('database down'));
        return Promise.resolve([]);
      },
      () => undefined
    );
    s.push(ev(3));
    await waitFor(() => out.length === 1, 'the retry');
    expect(calls).toBe(2);
    expect(out).toEqual([3]);
    s.close();
  });
});

describe('prepared events', () => {
  it('serializes once into a frame and into batches', () => {
    const a = prepareEvent(ev(7));
    const b = prepareEvent(ev());
    const data = (index: number) => ({ conversationSid: 'CH1', messageSid: `IM${index}`, index });
    expect(JSON.parse(a.frame.toString())).toEqual({ type: 'event', seq: 7, name: 'messageRemoved', data: data(7) });
    expect(batchFrame([a])).toBe(a.frame);
    expect(JSON.parse(batchFrame([a, b]).toString())).toEqual({
      type: 'events',
      events: [
        { seq: 7, name: 'messageRemoved', data: data(7) },
        { name: 'messageRemoved', data: data(0) }
      ]
    });
  });
});

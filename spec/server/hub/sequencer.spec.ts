import type { BusEvent } from '../../../lib/server/bus/bus';
import { Sequencer } from '../../../lib/server/hub/sequencer';
import { batchFrame, prepareEvent } from '../../../lib/server/hub/prepared-event';

const ev = (seq?: number): BusEvent => ({ seq, name: 'x', conversationSid: 'CH1', targetIdentity: null, data: { seq: seq ?? null } });

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
    await new Promise((r) => setTimeout(r, 60));
    expect(out).toEqual([2, 3]);
    s.push(ev(1));
    expect(out).toEqual([2, 3]);
    s.close();
  });
});

describe('prepared events', () => {
  it('serializes once into a frame and into batches', () => {
    const a = prepareEvent(ev(7));
    const b = prepareEvent(ev());
    expect(JSON.parse(a.frame.toString())).toEqual({ type: 'event', seq: 7, name: 'x', data: { seq: 7 } });
    expect(batchFrame([a])).toBe(a.frame);
    expect(JSON.parse(batchFrame([a, b]).toString())).toEqual({
      type: 'events',
      events: [
        { seq: 7, name: 'x', data: { seq: 7 } },
        { name: 'x', data: { seq: null } }
      ]
    });
  });
});

import { describe, expect, it } from '@jest/globals';
import type { BenchResult } from '../../bench/lib/report';
import { runToRun, runToRunTable } from '../../bench/lib/stability';

const row = (params: BenchResult['params'], value: number, floor: number | null): BenchResult => ({
  benchmark: 'fan-out',
  params,
  value,
  unit: 'x',
  floor,
  ratio: floor === null ? null : value / floor,
  goal: null,
  met: null
});

describe('bench run to run', () => {
  it('pairs rows by their inputs, not by what a run derived (a steady rate), and judges the ratio', () => {
    const before = [row({ N: 1, load: 'steady', messagesPerSecond: 900 }, 10, 20), row({ N: 10 }, 5, 10)];
    const after = [row({ N: 1, load: 'steady', messagesPerSecond: 870 }, 12, 20), row({ N: 10 }, 8, 10)];
    const pairs = runToRun(before, after);
    expect(pairs).toHaveLength(2);
    expect(pairs[0]).toMatchObject({ params: 'N=1, load=steady', compared: 'ratio', before: 0.5, after: 0.6 });
    expect(pairs[0].change).toBeCloseTo(0.2);
    expect(pairs[0].within).toBe(false);
    expect(pairs[1]).toMatchObject({ compared: 'ratio', within: false });
    expect(runToRun(before, before).every((pair) => pair.within && pair.change === 0)).toBe(true);
  });

  it('compares values where there is no floor, numbers rows that share inputs, skips rows of one run', () => {
    const before = [row({ N: 1 }, 100, null), row({ N: 1 }, 200, null), row({ N: 5 }, 1, null)];
    const after = [row({ N: 1 }, 110, null), row({ N: 1 }, 300, null), row({ N: 7 }, 1, null)];
    const pairs = runToRun(before, after);
    expect(pairs.map((pair) => [pair.params, pair.compared, pair.within])).toEqual([
      ['N=1', 'value', true],
      ['N=1 #2', 'value', false]
    ]);
    const text = runToRunTable(pairs, 'Two runs.');
    expect(text).toContain('Ratios to a floor: 0 of 0 within ±15 %');
    expect(text).toContain('| fan-out | N=1 #2 | value | 200 | 300 | +50.0 % | NO |');
  });
});
